//===- JSONOutput.cpp - What llvm::json::OStream does not do --------------===//
//
// The indentation cap and the canonical layout of metadata values.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/JSONOutput.h"

#include "dsocr/Support/CanonicalJSON.h"

#include "llvm/Support/JSON.h"

#include <boost/json/value.hpp>

#include <algorithm>

using namespace dsocr;

IndentCappingStream::~IndentCappingStream() { flush(); }

void IndentCappingStream::write_impl(const char *Ptr, size_t Size) {
  Pos += Size;
  const char *End = Ptr + Size;
  while (Ptr != End) {
    if (AtLineStart) {
      // Pass spaces up to the cap, drop the rest.
      const char *Run = Ptr;
      while (Run != End && *Run == ' ')
        ++Run;
      size_t Room = MaxIndent - std::min(MaxIndent, Spaces);
      size_t Keep = std::min<size_t>(Run - Ptr, Room);
      OS.write(Ptr, Keep);
      Spaces += Run - Ptr;
      Ptr = Run;
      if (Ptr == End)
        return;
      AtLineStart = false;
    }
    const char *NL = std::find(Ptr, End, '\n');
    if (NL == End) {
      OS.write(Ptr, End - Ptr);
      return;
    }
    OS.write(Ptr, NL + 1 - Ptr);
    Ptr = NL + 1;
    AtLineStart = true;
    Spaces = 0;
  }
}

void dsocr::writeCanonicalValue(llvm::json::OStream &J,
                                const boost::json::value &V) {
  namespace json = boost::json;
  if (const json::object *O = V.if_object()) {
    std::vector<const json::key_value_pair *> Items;
    for (const json::key_value_pair &KV : *O)
      Items.push_back(&KV);
    std::sort(Items.begin(), Items.end(),
              [](const auto *A, const auto *B) { return A->key() < B->key(); });
    J.object([&] {
      for (const json::key_value_pair *KV : Items) {
        J.attributeBegin(llvm::StringRef(KV->key().data(), KV->key().size()));
        writeCanonicalValue(J, KV->value());
        J.attributeEnd();
      }
    });
    return;
  }
  if (const json::array *A = V.if_array()) {
    bool Scalars = std::all_of(A->begin(), A->end(), [](const json::value &E) {
      return !E.is_object() && !E.is_array();
    });
    if (!Scalars) {
      J.array([&] {
        for (const json::value &E : *A)
          writeCanonicalValue(J, E);
      });
      return;
    }
    J.rawValue([&](llvm::raw_ostream &OS) {
      OS << '[';
      for (size_t I = 0; I < A->size(); ++I) {
        if (I)
          OS << ", ";
        writeCanonicalJSON(OS, (*A)[I]);
      }
      OS << ']';
    });
    return;
  }
  J.rawValue([&](llvm::raw_ostream &OS) { writeCanonicalJSON(OS, V); });
}

void dsocr::writeCanonicalText(llvm::json::OStream &J, llvm::StringRef JSON) {
  boost::json::error_code EC;
  boost::json::value V = parseJSONExact(JSON, EC);
  if (EC)
    J.value(nullptr);
  else
    writeCanonicalValue(J, V);
}

void dsocr::writeInlineArray(llvm::json::OStream &J,
                             const std::vector<uint64_t> &Values) {
  J.rawValue([&](llvm::raw_ostream &OS) {
    OS << '[';
    for (size_t I = 0; I < Values.size(); ++I) {
      if (I)
        OS << ", ";
      OS << Values[I];
    }
    OS << ']';
  });
}
