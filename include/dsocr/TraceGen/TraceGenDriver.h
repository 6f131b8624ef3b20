//===- TraceGenDriver.h - What dsocr-tracegen does, as a library -*- C++ -*-=//
//
// The dsocr-tracegen tool parses its command line into a TraceGenConfig and
// calls runTraceGen: load the description (built-in or file), apply the
// knobs, optionally search the size parameter that hits -target-size, and
// write the trace atomically.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_TRACEGENDRIVER_H
#define DSOCR_TRACEGEN_TRACEGENDRIVER_H

#include "dsocr/TraceGen/GenOptions.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

struct TraceGenConfig {
  std::string Model = "deepseek-ocr"; // a built-in name or a file
  std::string OutputPath = "-";
  GenOptions Options;
  /// `name=value` parameter settings (-set), applied after the named knobs
  /// already in Options.ParamOverrides.
  std::vector<std::string> Settings;
  /// When set (a byte count such as `100M`, see parseByteSize), the size
  /// parameter is chosen so the trace has about this many bytes.
  std::string TargetSize;
  /// The parameter -target-size scales (default: the description's
  /// size_param).
  std::string TargetParam;
  bool ListParams = false;
};

/// Runs dsocr-tracegen; returns the process exit code.
int runTraceGen(const TraceGenConfig &Config);

/// Prints the built-in model names, one per line.
void listModels();

/// Parses a byte count: digits with an optional suffix K, M, G (powers of
/// 1000) or Ki, Mi, Gi (powers of 1024), e.g. `100M`, `1Gi`.
bool parseByteSize(llvm::StringRef Text, uint64_t &Out);

} // namespace dsocr

#endif // DSOCR_TRACEGEN_TRACEGENDRIVER_H
