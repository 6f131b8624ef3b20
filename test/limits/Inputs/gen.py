"""Inputs for the limits tests, and small checks of outputs.

    gen.py chain-children N   a chain of N modules given by module_children only
    gen.py chain-edges N      a chain of N calls (edges), one op at the bottom
    gen.py unknown-keys N     a trace with N unknown top-level keys
    gen.py shared N           N modules, each called by two callers
    gen.py max-indent FILE    prints the widest leading white space of FILE
    gen.py size-ratio OUT IN K  says whether OUT is within K times IN
"""
import json
import os
import sys


def trace(cc, cls, edges=None, ops=None, children=None):
    return {"call_counts": cc, "edges": edges or {}, "op_call_counts": ops or {},
            "module_children": children or {}, "module_classes": cls}


def main():
    what = sys.argv[1]
    if what in ("max-indent", "size-ratio"):
        if what == "max-indent":
            widest = 0
            with open(sys.argv[2]) as f:
                for line in f:
                    widest = max(widest, len(line) - len(line.lstrip(" ")))
            print("max indent %d" % widest)
        else:
            out, inp, k = sys.argv[2], sys.argv[3], float(sys.argv[4])
            ratio = os.path.getsize(out) / os.path.getsize(inp)
            print(("within %gx" % k) if ratio <= k else ("%.1fx, over %gx" % (ratio, k)))
        return
    n = int(sys.argv[2])
    names = ["m%d" % i for i in range(n)]
    if what == "chain-children":
        d = trace({a: 1 for a in names}, {a: "Block" for a in names},
                  children={names[i]: [names[i + 1]] for i in range(n - 1)})
    elif what == "chain-edges":
        d = trace({a: 1 for a in names}, {a: "Block" for a in names},
                  edges={"%s->%s" % (names[i], names[i + 1]): 1
                         for i in range(n - 1)},
                  ops={names[-1]: 1})
    elif what == "unknown-keys":
        d = trace({"a": 1}, {"a": "A"})
        for i in range(n):
            d["unknown_%06d" % i] = i
    elif what == "shared":
        cc = {"m": 1, "m.a": 1, "m.b": 1}
        cls = {"m": "M", "m.a": "A", "m.b": "B"}
        edges = {"m->m.a": 0, "m->m.b": 0}
        kids = {"m": ["m.a", "m.b"], "m.a": []}
        for i in range(n):
            s = "m.a.s%d" % i
            cc[s] = 2
            cls[s] = "GELU"
            edges["m.a->" + s] = 0
            edges["m.b->" + s] = 0
            kids["m.a"].append(s)
        d = trace(cc, cls, edges, children=kids)
    else:
        sys.exit("unknown input kind " + what)
    json.dump(d, sys.stdout)


main()
