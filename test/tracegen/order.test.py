"""Compares a depth-first and a column-ordered trace (order.test): same
sections and entries, and how the entries of layer 1's experts follow each
other (runs of the same entry relative to its expert, `@`). With --misses,
reads dsocr-opt -stats output and says whether the reader's guesses
answered all but 2% of its module lookups."""
import itertools
import json
import re
import sys

if sys.argv[1] == "--misses":
    stats = sys.stdin.read()
    count = lambda what: int(re.search(r"(\d+) read-trace\s+- " + what,
                                       stats).group(1))
    lookups = count("Number of module lookups")
    misses = count("Number of lookups of known modules no guess answered")
    print("index lookups: %s 2%% of %s lookups" % (
        "below" if misses < 0.02 * lookups else "%d, above" % misses,
        "many" if lookups > 10000 else "few"))
    sys.exit(0)

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
