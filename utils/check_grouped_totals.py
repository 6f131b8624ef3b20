#!/usr/bin/env python3
"""Checks that dsocr-opt's grouped JSON keeps the totals of the trace it
was made from.

Usage: check_grouped_totals.py TRACE.json GROUPED.json

* metadata.totals.calls and .ops are the sums of the trace's call_counts and
  op_call_counts;
* the stages' calls and ops add up to those totals;
* the inclusive ops of the grouped tree's top-level nodes (and what prune
  hid at the top) add up to the total ops: nothing lost or counted twice
  by folding.

Prints `OK: ...` and exits 0, or prints what differs and exits 1.
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        print("usage: check_grouped_totals.py TRACE.json GROUPED.json",
              file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        trace = json.load(f)
    with open(sys.argv[2]) as f:
        grouped = json.load(f)
    calls = sum(trace["call_counts"].values())
    ops = sum(trace["op_call_counts"].values())
    problems = []
    totals = grouped["metadata"]["totals"]
    if totals != {"calls": calls, "ops": ops}:
        problems.append("metadata.totals is %s, the trace has %d calls and "
                        "%d ops" % (totals, calls, ops))
    stages = grouped["metadata"].get("stages", [])
    s_calls = sum(s["calls"] for s in stages)
    s_ops = sum(s["ops"] for s in stages)
    if (s_calls, s_ops) != (calls, ops):
        problems.append("the stages add up to %d calls and %d ops"
                        % (s_calls, s_ops))
    top = grouped["tree"].get("children", [])
    # A node's inclusive ops count what prune hid below it; what it hid
    # at the top is on the root.
    t_ops = grouped["tree"].get("hidden", {}).get("ops", 0) + sum(
        n.get("inclusive_ops", 0) for n in top)
    if t_ops != ops:
        problems.append("the top-level nodes of the tree hold %d ops" % t_ops)
    for p in problems:
        print("mismatch: " + p)
    if problems:
        print("FAIL: the grouped totals differ from the trace")
        return 1
    print("OK: grouped totals match the trace: %d calls, %d ops, %d "
          "top-level nodes" % (calls, ops, len(top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
