//===- Statistic.h - LLVM STATISTIC counters, enabled in release -*- C++ -*-=//
//
// Release builds of LLVM compile STATISTIC to no-ops: llvm-config.h defines
// LLVM_FORCE_ENABLE_STATS to 0. Include this header instead of
// llvm/ADT/Statistic.h (and before anything that includes it) to get real
// counters for -stats.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_SUPPORT_STATISTIC_H
#define DSOCR_SUPPORT_STATISTIC_H

#ifdef LLVM_ADT_STATISTIC_H
#error "include dsocr/Support/Statistic.h before llvm/ADT/Statistic.h"
#endif

#include "llvm/Config/llvm-config.h"
#undef LLVM_FORCE_ENABLE_STATS
#define LLVM_FORCE_ENABLE_STATS 1
#include "llvm/ADT/Statistic.h"

#endif // DSOCR_SUPPORT_STATISTIC_H
