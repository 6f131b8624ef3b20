//===- dsocr-opt.cpp - The dsocr-opt command-line tool --------------------===//
//
// As mlir-opt calls MlirOptMain: the command line, the pipeline and the
// outputs are the Driver library's (dsocr/Driver/OptDriver.h). No logic
// lives here.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Driver/OptDriver.h"

int main(int argc, char **argv) { return dsocr::optMain(argc, argv); }
