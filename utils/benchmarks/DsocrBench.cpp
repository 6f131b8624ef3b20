//===- DsocrBench.cpp - Micro-benchmarks of dsocr-opt's stages ------------===//
//
// Each benchmark runs one stage (reading, one pass, one emitter) on the
// generated DeepSeek-OCR trace scaled to Arg decoder layers (12 layers is
// about 1 MB, 122 about 10 MB, 1190 about 100 MB), with everything before
// that stage done outside the timing. Throughput is reported against the
// size of the JSON trace, so stages compare with reading.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/Passes/PassManager.h"
#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Profile/Profile.h"
#include "dsocr/Support/Diagnostics.h"
#include "dsocr/Trace/TraceReader.h"
#include "dsocr/TraceGen/BuiltinModels.h"
#include "dsocr/TraceGen/ModelDescription.h"
#include "dsocr/TraceGen/TraceGenerator.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>

using namespace dsocr;

namespace {

/// The trace of the DeepSeek-OCR description with Layers decoder layers.
const std::string &trace(int64_t Layers) {
  static std::map<int64_t, std::string> Cache;
  auto It = Cache.find(Layers);
  if (It != Cache.end())
    return It->second;
  Diagnostics Diags(llvm::errs(), "dsocr-bench");
  std::unique_ptr<ModelDescription> D =
      loadModelDescription("deepseek-ocr", Diags);
  GenOptions O;
  O.ParamOverrides.push_back({"layers", Layers});
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  if (!D || !generateTrace(*D, O, OS, Diags))
    std::abort();
  OS.flush();
  return Cache.emplace(Layers, std::move(Text)).first->second;
}

const Profile &profile() {
  static std::unique_ptr<Profile> P = [] {
    Diagnostics Diags(llvm::errs(), "dsocr-bench");
    return loadProfile("deepseek-ocr", Diags);
  }();
  return *P;
}

/// A graph read from the trace, with the first Passes passes of the default
/// pipeline run.
struct Prepared {
  Diagnostics Diags{llvm::nulls(), "dsocr-bench"};
  CallGraph G;
  bool OK = false;
  Prepared(const std::string &Text, size_t Passes) {
    const llvm::MemoryBuffer *B = Diags.addBuffer(
        llvm::MemoryBuffer::getMemBuffer(Text, "trace.json", false),
        "trace.json");
    if (!readTrace(*B, G, Diags))
      return;
    PassManager PM;
    for (size_t I = 0; I < Passes; ++I)
      PM.addPass({defaultPipeline()[I], {}});
    PassContext Ctx{Diags, profile(), PassOptions()};
    OK = PM.run(G, Ctx);
  }
};

void setBytes(benchmark::State &State, const std::string &Text) {
  State.SetBytesProcessed(int64_t(State.iterations()) * int64_t(Text.size()));
  State.counters["MB"] = double(Text.size()) / 1e6;
}

void BM_ReadTrace(benchmark::State &State) {
  const std::string &Text = trace(State.range(0));
  for (auto _ : State) {
    Diagnostics Diags(llvm::nulls(), "dsocr-bench");
    const llvm::MemoryBuffer *B = Diags.addBuffer(
        llvm::MemoryBuffer::getMemBuffer(Text, "trace.json", false),
        "trace.json");
    CallGraph G;
    bool OK = readTrace(*B, G, Diags);
    benchmark::DoNotOptimize(OK);
  }
  setBytes(State, Text);
}

/// Times pass number Index of the default pipeline.
void BM_Pass(benchmark::State &State, size_t Index) {
  const std::string &Text = trace(State.range(0));
  for (auto _ : State) {
    State.PauseTiming();
    auto P = std::make_unique<Prepared>(Text, Index);
    std::unique_ptr<Pass> Run = defaultPipeline()[Index]->Create();
    PassContext Ctx{P->Diags, profile(), PassOptions()};
    State.ResumeTiming();
    bool OK = Run->run(P->G, Ctx);
    benchmark::DoNotOptimize(OK);
    State.PauseTiming();
    P.reset(); // teardown is not the pass's cost
    State.ResumeTiming();
  }
  setBytes(State, Text);
}

void BM_Emit(benchmark::State &State, EmitFormat F) {
  const std::string &Text = trace(State.range(0));
  Prepared P(Text, defaultPipeline().size());
  EmitContext E;
  E.SourceName = "trace.json";
  E.ProfileName = profile().Name;
  E.ProfileTitle = profile().Title;
  for (auto _ : State) {
    std::string Out;
    llvm::raw_string_ostream OS(Out);
    emit(F, P.G, E, OS);
    benchmark::DoNotOptimize(Out.data());
  }
  setBytes(State, Text);
}

} // namespace

#define SIZES Arg(12)->Arg(122)->Arg(1190)->Unit(benchmark::kMillisecond)
// A pass needs a fresh graph each time, prepared outside the timing: a few
// iterations keep the setup affordable.
#define PASS_SIZES SIZES->Iterations(5)

BENCHMARK(BM_ReadTrace)->SIZES;
BENCHMARK_CAPTURE(BM_Pass, parse_edges, 0)->PASS_SIZES;
BENCHMARK_CAPTURE(BM_Pass, discover_families, 1)->PASS_SIZES;
BENCHMARK_CAPTURE(BM_Pass, fold_for, 2)->PASS_SIZES;
BENCHMARK_CAPTURE(BM_Pass, fold_parfor, 3)->PASS_SIZES;
BENCHMARK_CAPTURE(BM_Pass, annotate_stage, 4)->PASS_SIZES;
BENCHMARK_CAPTURE(BM_Pass, prune, 5)->PASS_SIZES;
BENCHMARK_CAPTURE(BM_Emit, json, EmitFormat::JSON)->SIZES;
BENCHMARK_CAPTURE(BM_Emit, markdown, EmitFormat::Markdown)->SIZES;
BENCHMARK_CAPTURE(BM_Emit, dot, EmitFormat::DOT)->SIZES;
BENCHMARK_CAPTURE(BM_Emit, mermaid, EmitFormat::Mermaid)->SIZES;
BENCHMARK_CAPTURE(BM_Emit, html, EmitFormat::HTML)->SIZES;
BENCHMARK_CAPTURE(BM_Emit, ir, EmitFormat::IR)->SIZES;

BENCHMARK_MAIN();
