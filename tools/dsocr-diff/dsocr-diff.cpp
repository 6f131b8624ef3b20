//===- dsocr-diff.cpp - The dsocr-diff command-line tool ------------------===//
//
// In the manner of llvm-diff: what changed between two grouped call graphs.
// All the work is in the library (dsocr/Diff/DiffDriver.h).
//
//===----------------------------------------------------------------------===//

#include "dsocr/Diff/DiffDriver.h"

int main(int argc, char **argv) { return dsocr::diffMain(argc, argv); }
