"""Compares a depth-first and a column-ordered trace (order.test): same
sections and entries, and how the entries of layer 1's experts follow each
other (runs of the same entry relative to its expert, `@`)."""
import itertools
import json
import re
import sys

depth = json.load(open(sys.argv[1]))
column = json.load(open(sys.argv[2]))
assert list(depth) == list(column), "different sections"
assert depth == column, "different entries"
moved = [s for s in depth if list(depth[s]) != list(column[s])]
print("same sections, same entries; sections in a different order: "
      + ", ".join(moved))


def runs(trace, section):
    keys = [k for k in trace[section] if re.match(
        r"(layers\.1\.mlp->)?layers\.1\.mlp\.experts\.\d", k)]
    rel = [re.sub(r"layers\.1\.mlp\.experts\.\d+", "@", k) for k in keys]
    return ", ".join("%s x%d" % (r, len(list(g)))
                     for r, g in itertools.groupby(rel))


if len(moved) == 5:
    print("depth call_counts:", runs(depth, "call_counts"))
    for section in moved:
        print("column %s:" % section, runs(column, section))
    print("column layers:", ", ".join(list(column["call_counts"])[
        list(column["call_counts"]).index("layers.0"):][:3]) + ",")
