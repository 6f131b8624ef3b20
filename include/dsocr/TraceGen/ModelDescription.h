//===- ModelDescription.h - A model described as a module tree --*- C++ -*-===//
//
// A model description is a small JSON file that says what a PyTorch model
// looks like to TorchLens: its classes, what each class registers in
// __init__ (`modules`, in registration order, with list containers and their
// lengths), what its forward() calls (`forward`: child calls, repetitions,
// routers, and the tensor ops the module runs itself), constructor
// parameters and per-call tensor shapes. From it, the trace generator
// (TraceGenerator.h) writes a TorchLens call-graph trace. The format is
// documented in docs/ModelDescriptions.md.
//
// Parsing checks everything that can be checked without generating (unknown
// keys, types, unknown classes and modules, missing parameters, classes that
// contain themselves, malformed expressions) and reports each error at its
// file:line:col.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_MODELDESCRIPTION_H
#define DSOCR_TRACEGEN_MODELDESCRIPTION_H

#include "dsocr/TraceGen/Expr.h"
#include "dsocr/TraceGen/Routing.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class Diagnostics;
struct ClassDecl;

constexpr unsigned NoSym = ~0u;

/// One dimension of a shape: an integer expression, or `*name`, which
/// splices the dimensions of the shape bound to name.
struct DimSpec {
  Expr E;
  unsigned Splice = NoSym;
  const char *Loc = nullptr;
};

/// `name: value` in `let` and `with`: an integer expression or a shape.
struct Binding {
  unsigned Sym = NoSym;
  const char *Loc = nullptr;
  bool IsShape = false;
  Expr IntExpr;
  std::vector<DimSpec> Dims;
};

/// One tensor of the input or output metadata of a call.
struct TensorSpec {
  const char *Loc = nullptr;
  unsigned ShapeVar = NoSym; // `"x"`: the shape bound to x
  std::vector<DimSpec> Dims; // otherwise the dimensions
  std::string DType;         // empty: the module's default
};

/// The tensor metadata a class, an instance or a called container may give:
/// the tensors of each call (`input`, `output`) and their default `dtype`.
/// A module uses the most specific one that gives each.
struct TensorDefaults {
  bool HasInputs = false, HasOutputs = false;
  std::vector<TensorSpec> Inputs, Outputs;
  std::string DType; // empty: not given
};

/// A constructor parameter's value: integer, boolean or shape.
struct ParamValue {
  enum class Kind { Int, Bool, Shape };
  Kind K = Kind::Int;
  const char *Loc = nullptr;
  Expr IntExpr;
  bool B = false;
  std::vector<DimSpec> Dims;
};

/// A constructor parameter a class declares.
struct ParamDecl {
  unsigned Sym = NoSym;
  std::string Name;
  const char *Loc = nullptr;
  bool Required = false; // declared with null: every instance must pass it
  ParamValue Default;
};

/// A constructor argument an instance passes.
struct ParamArg {
  unsigned Sym = NoSym;
  std::string Name;
  const char *Loc = nullptr;
  ParamValue Val;
};

/// A module instance: a class and its constructor arguments, with optional
/// per-instance overrides of the class's ops and metadata.
struct InstanceSpec {
  const ClassDecl *Class = nullptr;
  const char *Loc = nullptr;
  std::vector<ParamArg> Args;
  bool HasOps = false;
  Expr Ops;
  TensorDefaults Tensors;
};

/// A set of list indices written as Python indices and slices: `0`, `-1`,
/// `2::3`, `1:`, `0,4,8`; the parts are integer expressions.
struct IndexSelector {
  struct Item {
    bool IsSlice = false;
    bool HasStart = false, HasStop = false, HasStep = false;
    Expr Start, Stop, Step; // Start is the index when !IsSlice
  };
  std::vector<Item> Items;
  const char *Loc = nullptr;
  std::string Text;
};

/// An entry of a class's `modules`: a plain module or a list container.
struct ModuleSpec {
  std::string Name;
  const char *Loc = nullptr;
  bool IsList = false;
  InstanceSpec Inst; // a plain module

  // A list container (ModuleList, Sequential, ...).
  std::string ContainerClass;
  bool Callable = false;    // forward calls the container itself
  bool HasElements = false; // `elements` lists every element
  std::vector<InstanceSpec> Elements;
  Expr Length;     // otherwise `length` copies of `of`,
  InstanceSpec Of; // except where `at` says otherwise
  std::vector<std::pair<IndexSelector, InstanceSpec>> At;
  unsigned As = NoSym;    // name bound to the element's index
  TensorDefaults Tensors; // metadata of a called container (a Sequential)
};

/// One step of a forward().
struct Step {
  enum class Kind { Call, Each, Repeat, If, Ops, Route };
  using RouteMode = RouteRequest::Mode;

  Kind K = Kind::Call;
  const char *Loc = nullptr;
  unsigned Module = ~0u; // index into the class's modules
  Expr Count;            // Call: times; Repeat: count; If: condition; Ops
  unsigned As = NoSym;   // Call, Repeat: name bound to the repetition
  std::vector<Binding> With;
  std::vector<Step> Body, Else;

  // Route.
  RouteMode Mode = RouteMode::All;
  bool HasTopK = false, HasTokens = false;
  Expr TopK, Tokens, Uncalled;
  std::vector<uint64_t> UncalledList;
  unsigned RouteId = 0; // distinct per route step of a class
};

struct ClassDecl {
  std::string Key;       // the name in `classes`
  std::string TorchName; // the class name traces show
  const char *Loc = nullptr;
  const ClassDecl *VariantOf = nullptr;
  std::vector<ParamDecl> Params;
  std::vector<ModuleSpec> Modules;
  std::vector<Binding> Let;
  bool HasOps = false;
  Expr Ops; // ops per call run on entry, before the forward steps
  std::vector<Step> Forward;
  TensorDefaults Tensors;

  /// No forward steps and no `let`: a call runs only the class's ops.
  bool isLeaf() const { return Forward.empty() && Let.empty(); }
  /// Index of the module named Name, or -1.
  int findModule(llvm::StringRef Name) const;
};

/// An entry of the description's `uncalled`: members of one list instance
/// that routing never calls (a count chosen by the seed, or indices).
struct ExplicitUncalled {
  std::string Address; // of the list container
  const char *Loc = nullptr;
  bool IsCount = false;
  uint64_t Count = 0;
  std::vector<uint64_t> Indices;
};

/// An event of the run the description stands for (`events`), written
/// as the trace's `runtime_events` with -events: its kind, the module it
/// concerns (default: the model's class) and integer fields, each an
/// expression of the model's parameters.
struct EventSpec {
  std::string Kind;
  std::string Module;
  const char *Loc = nullptr;
  std::vector<std::pair<std::string, Expr>> Fields;
};

struct ModelDescription {
  struct Param {
    unsigned Sym = NoSym;
    std::string Name;
    const char *Loc = nullptr;
    Expr Value; // may read the parameters before it
  };

  std::string Name;
  std::string Doc;
  std::string DType = "torch.bfloat16";
  std::string SizeParam; // what -target-size scales
  uint64_t Seed = 0;
  std::vector<Param> Params;
  const ClassDecl *Root = nullptr;
  std::vector<std::unique_ptr<ClassDecl>> Classes;
  std::vector<ExplicitUncalled> Uncalled;
  std::vector<EventSpec> Events;
  SymbolTable Syms;
  unsigned CalledSym = NoSym; // bound after a route step
  unsigned RoutedSym = NoSym; // bound in each routed member's call

  const Param *findParam(llvm::StringRef Name) const;
};

/// Parses and checks a description in Buffer (registered with Diags).
/// Returns null after reporting the first error.
std::unique_ptr<ModelDescription>
parseModelDescription(const llvm::MemoryBuffer &Buffer, Diagnostics &Diags);

} // namespace dsocr

#endif // DSOCR_TRACEGEN_MODELDESCRIPTION_H
