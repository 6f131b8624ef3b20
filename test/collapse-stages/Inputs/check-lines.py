"""Checks the stage view's JSON against the default view's: each line's
totals are the per-stage totals of its stages, summed, and the lines
conserve the trace's calls and ops."""
import json
import sys

tree = json.load(open(sys.argv[1]))
view = json.load(open(sys.argv[2]))
stages = {s["name"]: s for s in tree["metadata"]["stages"]}
calls = ops = 0
for line in view["tree"]["children"]:
    assert line["kind"] == "stage" and line["class_name"] is None
    t = line["totals"]
    names = []
    for m in line["children"]:
        if m["stage"] not in names:
            names.append(m["stage"])
    want = {k: sum(stages[n][k] for n in names)
            for k in ("calls", "ops", "activation_bytes")}
    assert (t["calls"], t["ops"], t["activation_bytes"]) == \
        (want["calls"], want["ops"], want["activation_bytes"]), (t, want)
    loop = "parfor %d" % line["parfor"] if "parfor" in line else "-"
    print(line["address"], loop, [m["address"] for m in line["children"]],
          "calls", t["calls"], "ops", t["ops"], "bytes",
          t["activation_bytes"], "=", " + ".join(names))
    calls += t["calls"]
    ops += t["ops"]
total = view["metadata"]["totals"]
assert (calls, ops) == (total["calls"], total["ops"]), (calls, ops, total)
print("totals conserved")
