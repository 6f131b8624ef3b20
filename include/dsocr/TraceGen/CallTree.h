//===- CallTree.h - Instantiating and running a model description -*- C++ -*-=//
//
// The generator never builds the whole module tree or call tree of a model:
// it walks them depth first, holding only the modules on the current path.
// An Instance is one module on that path: its address, class, constructor
// parameters (a StaticScope) and the list of its calls, each represented by
// the environment (a Frame chain) its caller called it in. expand() runs a
// module's forward() once per call and yields, for each child, the calls it
// receives, in first-call order: exactly what TorchLens records.
//
// Names are resolved innermost first along the frame chain: a call's own
// `let` bindings and constructor parameters, then the `with` bindings of the
// step that called it, then its caller's, up to the description's
// parameters. Constructor parameters see only the static chain (parameters
// and list indices of enclosing modules), so they are the same in every
// call and exist for modules that are never called.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_TRACEGEN_CALLTREE_H
#define DSOCR_TRACEGEN_CALLTREE_H

#include "dsocr/TraceGen/GenOptions.h"
#include "dsocr/TraceGen/ModelDescription.h"
#include "dsocr/TraceGen/Value.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

class Diagnostics;
struct RoutedMember;

/// Constructor parameters and the list index of one module instance.
struct StaticScope {
  const StaticScope *Parent = nullptr;
  llvm::SmallVector<std::pair<unsigned, Value>, 4> Vars;
  /// This scope's own binding of Sym (the latest), or null.
  const Value *findOwn(unsigned Sym) const;
};

/// Bindings visible during a call: `let`, `with`, repetition indices,
/// `routed`, `called`, and (through Static) the callee's parameters.
struct Frame : llvm::RefCountedBase<Frame> {
  llvm::IntrusiveRefCntPtr<Frame> Parent;
  const StaticScope *Static = nullptr;
  llvm::SmallVector<std::pair<unsigned, Value>, 2> Vars;
};
using FramePtr = llvm::IntrusiveRefCntPtr<Frame>;

/// Looks names up along a frame chain.
class FrameScope : public Scope {
public:
  explicit FrameScope(const Frame *F) : F(F) {}
  const Value *lookup(unsigned Sym) const override;

private:
  const Frame *F;
};

/// Looks names up along a static chain only.
class StaticChainScope : public Scope {
public:
  explicit StaticChainScope(const StaticScope *S) : S(S) {}
  const Value *lookup(unsigned Sym) const override;

private:
  const StaticScope *S;
};

/// A module on the current walk path. Frames and children point into it,
/// so it is neither copied nor moved.
struct Instance {
  Instance() = default;
  Instance(const Instance &) = delete;
  Instance &operator=(const Instance &) = delete;

  const ClassDecl *Class = nullptr;   // null for a list container
  const ModuleSpec *List = nullptr;   // the container's spec, if a container
  const InstanceSpec *Spec = nullptr; // how it was declared (not the root)
  std::string Address;                // empty for the root
  StaticScope Static;
  std::vector<bool> BoolParams; // per Class->Params: written as a boolean
  /// The environment each call was made in, in time order.
  std::vector<FramePtr> Calls;

  /// Child slots, in registration order: per module of Class, one slot
  /// (a plain module or the container itself) followed, for a list, by its
  /// elements. A container's slots are its elements.
  std::vector<uint64_t> SlotBase;
  std::vector<uint64_t> Lengths; // per module of Class; 0 for plain modules
  uint64_t NumSlots = 0;

  bool isContainer() const { return Class == nullptr; }
  bool isRoot() const { return Spec == nullptr && !List; }
  llvm::StringRef torchClass() const;
  const Expr *opsExpr() const;
  const std::vector<TensorSpec> *inputs() const;
  const std::vector<TensorSpec> *outputs() const;
};

/// What one module's calls do, child by child.
struct Expansion {
  static constexpr uint64_t Self = ~uint64_t(0);
  uint64_t OwnOps = 0;
  /// Calls per child slot (only slots that were called are non-empty).
  std::vector<std::vector<FramePtr>> SlotCalls;
  /// Called slots in first-call order; Self marks the module's first op.
  std::vector<uint64_t> Order;
};

class CallTreeBuilder {
public:
  CallTreeBuilder(const ModelDescription &D, const GenOptions &O,
                  Diagnostics &Diags);

  /// Binds the parameters (with overrides) and makes the root, called once.
  bool makeRoot(Instance &Root);
  /// Runs M's forward for each of its calls.
  bool expand(const Instance &M, Expansion &E);
  /// Makes the module in Slot of Parent (without calls).
  bool makeChild(const Instance &Parent, uint64_t Slot, Instance &Child);
  /// The address of the module in Slot of Parent, appended to Out.
  void appendChildAddress(const Instance &Parent, uint64_t Slot,
                          std::string &Out) const;
  /// The list whose element sits in Slot of M, or null if the slot holds a
  /// plain module or a list container.
  const ModuleSpec *listOfElement(const Instance &M, uint64_t Slot) const;
  /// The frame of call J of M, in which its expressions are evaluated.
  bool callFrame(const Instance &M, size_t J, FramePtr &Out);
  /// Evaluates tensor specs in a frame into shapes and dtypes.
  bool evalTensors(
      const Instance &M, const std::vector<TensorSpec> &Specs, const Frame *F,
      std::vector<std::pair<llvm::SmallVector<int64_t, 4>, llvm::StringRef>>
          &Out);
  /// Evaluates E against the model's parameters (after overrides).
  bool evalModelExpr(const Instance &Root, const Expr &E, int64_t &Out);
  /// The value of parameter Name after overrides (the root must exist).
  bool paramValue(const Instance &Root, llvm::StringRef Name,
                  int64_t &Out) const;

private:
  bool fail(const char *Loc, const llvm::Twine &Msg, const Instance *M);
  bool evalInt(const Expr &E, const Scope &S, int64_t &Out, const Instance *M);
  bool evalCount(const Expr &E, const Scope &S, uint64_t &Out, const char *What,
                 const Instance *M);
  bool evalDims(const std::vector<DimSpec> &Dims, const Scope &S,
                llvm::SmallVectorImpl<int64_t> &Out, const Instance *M);
  bool evalValue(bool IsShape, const std::vector<DimSpec> &Dims,
                 const Expr &IntExpr, const Scope &S, Value &V,
                 const Instance *M);
  bool addParam(Instance &C, unsigned Sym, const ParamValue &PV,
                const Scope &S);
  bool bind(Frame &F, const std::vector<Binding> &Bs, const Instance *M);
  bool instantiate(Instance &C, const InstanceSpec &Spec,
                   const StaticScope *Outer, unsigned IndexSym, uint64_t Index);
  bool layout(Instance &M);
  bool elementSpec(const Instance &Owner, const ModuleSpec &L, uint64_t E,
                   uint64_t Length, const InstanceSpec *&Out);
  bool selectorMatches(const Instance &Owner, const IndexSelector &Sel,
                       uint64_t E, uint64_t Length, bool &Match);
  bool runSteps(const Instance &M, const std::vector<Step> &Steps, FramePtr Env,
                Expansion &E, llvm::DenseMap<unsigned, uint64_t> &RouteRuns);
  /// A call, each or repeat step, as many times as it says.
  bool runRepeatedStep(const Instance &M, const Step &S, const FramePtr &Env,
                       Expansion &E,
                       llvm::DenseMap<unsigned, uint64_t> &RouteRuns);
  /// A route step; Env becomes the frame later steps see (with `called`).
  bool runRouteStep(const Instance &M, const Step &S, FramePtr &Env,
                    Expansion &E,
                    llvm::DenseMap<unsigned, uint64_t> &RouteRuns);
  void dispatch(const Instance &M, unsigned Module, const FramePtr &Env,
                Expansion &E);
  bool runRoute(const Instance &M, const Step &S, const FramePtr &Env,
                uint64_t Run, std::vector<RoutedMember> &Out);
  void push(Expansion &E, uint64_t Slot, const FramePtr &Env);
  void addOps(Expansion &E, uint64_t N);
  bool makeCallFrame(const Instance &M, const FramePtr &Caller, FramePtr &Out);
  unsigned moduleOfSlot(const Instance &M, uint64_t Slot) const;

  const ModelDescription &D;
  const GenOptions &O;
  Diagnostics &Diags;
  uint64_t Seed;
  llvm::StringMap<const ExplicitUncalled *> Uncalled;
};

} // namespace dsocr

#endif // DSOCR_TRACEGEN_CALLTREE_H
