//===- Differ.h - What changed between two grouped trees --------*- C++ -*-===//
//
// In the manner of llvm-diff: nodes of the two trees are paired by address
// (or pattern), then, among those left, by the same class and the same
// pattern up to its index sets (`layers.[0-11]` and `layers.[0-12]`) when
// that pairs them one to one. Each pair is compared field by field: the
// loop (`parfor 2` -> `parfor 1`), calls, calls per caller call, inclusive
// ops, activation bytes, stage, instances and members routing left
// uncalled, variants, notes and call signatures (shapes); nodes with no
// partner are only in one side. The whole graphs are compared too: their
// totals, the totals of each stage and the run's events.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_DIFF_DIFFER_H
#define DSOCR_DIFF_DIFFER_H

#include "dsocr/Diff/DiffModel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsocr {

/// One field that differs; Left and Right as text (empty: none).
struct FieldChange {
  std::string Field; // path, class, loop, calls, per_call, ops, bytes,
                     // stage, instances, active
  std::string Left, Right;
};

/// Items of a list (inactive members, variants, notes) in one side only,
/// counted as multisets (an item twice on one side, once on the other, is
/// once only in the first).
struct ListChange {
  std::string Field; // inactive, variants, notes
  std::vector<std::string> OnlyLeft, OnlyRight;
};

/// A stage in both sides, or in one (the other null), and whether its
/// totals differ.
struct StagePair {
  const DiffStage *Left = nullptr, *Right = nullptr;
  bool changed() const;
};

/// A signature in one side only, or with other call counts.
struct SignatureChange {
  std::string Text;
  uint64_t LeftCalls = 0, RightCalls = 0; // 0: not in that side
};

struct NodeChange {
  const DiffNode *Left = nullptr, *Right = nullptr;
  std::vector<FieldChange> Fields;
  std::vector<ListChange> Lists;
  std::vector<SignatureChange> Shapes;
};

struct DiffResult {
  const DiffModel *Left = nullptr, *Right = nullptr;
  std::vector<NodeChange> Changed; // in the left tree's order
  std::vector<const DiffNode *> OnlyLeft, OnlyRight;
  /// Every stage of either side: the left's order, then the right's others.
  std::vector<StagePair> Stages;
  /// Runtime events in one side only (as multisets of their JSON).
  std::vector<const RuntimeEvent *> EventsOnlyLeft, EventsOnlyRight;

  bool totalsDiffer() const {
    return Left->TotalCalls != Right->TotalCalls ||
           Left->TotalOps != Right->TotalOps;
  }
  bool stagesDiffer() const;
  bool eventsDiffer() const {
    return !EventsOnlyLeft.empty() || !EventsOnlyRight.empty();
  }
  bool equal() const {
    return Changed.empty() && OnlyLeft.empty() && OnlyRight.empty() &&
           !totalsDiffer() && !stagesDiffer() && !eventsDiffer();
  }
};

DiffResult diffModels(const DiffModel &Left, const DiffModel &Right);

} // namespace dsocr

#endif // DSOCR_DIFF_DIFFER_H
