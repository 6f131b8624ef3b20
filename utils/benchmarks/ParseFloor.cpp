//===- ParseFloor.cpp - The floors of reading a JSON trace ----------------===//
//
// dsocr-parse-floor FILE: what reading a trace costs before dsocr-opt does
// anything with it, the floors utils/bench.py compares the whole pipeline
// with. -mode=parse runs Boost.JSON's basic_parser over the file with a
// handler that does nothing (the parser dsocr-opt uses, with nothing
// built); -mode=read only reads every byte. The file is mapped as dsocr-opt
// maps it. Prints, for each of -repeat runs, the seconds spent in process.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <boost/json/basic_parser_impl.hpp>

#include <chrono>
#include <cstdint>

using namespace llvm;
namespace json = boost::json;

namespace {

/// Accepts every event and keeps nothing.
struct NullHandler {
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  bool on_document_begin(json::error_code &) { return true; }
  bool on_document_end(json::error_code &) { return true; }
  bool on_object_begin(json::error_code &) { return true; }
  bool on_object_end(std::size_t, json::error_code &) { return true; }
  bool on_array_begin(json::error_code &) { return true; }
  bool on_array_end(std::size_t, json::error_code &) { return true; }
  bool on_key_part(json::string_view, std::size_t, json::error_code &) {
    return true;
  }
  bool on_key(json::string_view, std::size_t, json::error_code &) {
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, json::error_code &) {
    return true;
  }
  bool on_string(json::string_view, std::size_t, json::error_code &) {
    return true;
  }
  bool on_number_part(json::string_view, json::error_code &) { return true; }
  bool on_int64(int64_t, json::string_view, json::error_code &) {
    return true;
  }
  bool on_uint64(uint64_t, json::string_view, json::error_code &) {
    return true;
  }
  bool on_double(double, json::string_view, json::error_code &) {
    return true;
  }
  bool on_bool(bool, json::error_code &) { return true; }
  bool on_null(json::error_code &) { return true; }
  bool on_comment_part(json::string_view, json::error_code &) { return true; }
  bool on_comment(json::string_view, json::error_code &) { return true; }
};

enum class Mode { Parse, Read };

cl::opt<std::string> InputPath(cl::Positional, cl::desc("<trace.json>"),
                               cl::Required);
cl::opt<Mode> RunMode(
    "mode", cl::desc("What to time"),
    cl::values(clEnumValN(Mode::Parse, "parse",
                          "Boost.JSON basic_parser, null handler (default)"),
               clEnumValN(Mode::Read, "read", "Read every byte")),
    cl::init(Mode::Parse));
cl::opt<unsigned> Repeat("repeat", cl::desc("Runs in this process"),
                         cl::init(1));

/// One pass over the buffer; false if the JSON is invalid.
bool runOnce(StringRef Text, uint64_t &Sink) {
  if (RunMode == Mode::Read) {
    uint64_t Sum = 0;
    for (size_t I = 0; I < Text.size(); I += 64)
      Sum += uint8_t(Text[I]);
    Sink += Sum;
    return true;
  }
  json::parse_options Opts;
  Opts.max_depth = 64;
  json::basic_parser<NullHandler> Parser(Opts);
  json::error_code EC;
  size_t N = Parser.write_some(false, Text.data(), Text.size(), EC);
  Sink += N;
  return !EC && N == Text.size();
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv,
                              "dsocr-parse-floor: the floors of reading a "
                              "JSON trace\n");
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(InputPath, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buf) {
    errs() << "dsocr-parse-floor: " << InputPath << ": "
           << Buf.getError().message() << "\n";
    return 1;
  }
  StringRef Text = (*Buf)->getBuffer();
  uint64_t Sink = 0;
  for (unsigned I = 0; I < Repeat; ++I) {
    auto Start = std::chrono::steady_clock::now();
    if (!runOnce(Text, Sink)) {
      errs() << "dsocr-parse-floor: " << InputPath << ": invalid JSON\n";
      return 1;
    }
    std::chrono::duration<double> S = std::chrono::steady_clock::now() - Start;
    outs() << format("%.6f", S.count()) << "\n";
  }
  // Keeps the read loop from being optimised away.
  return Sink == 1 ? 2 : 0;
}
