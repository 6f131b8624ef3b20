#!/usr/bin/env python3
"""Compares the traces dsocr-trace's two backends make of the same model.

Usage:
  compare_backends.py [--exact-ops] HOOKS.json TORCHLENS.json
  compare_backends.py [--exact-ops] [--python PY] --run MODEL [OPTIONS...]

The second form runs `PY utils/dsocr-trace MODEL OPTIONS --backend hooks`
and `... --backend torchlens` (PY defaults to this Python; TorchLens must be
importable there) and compares the results.

The backends must agree exactly on call_counts (keys, order, values),
module_classes (keys, order, classes), module_children (keys, order,
lists), the keys of edges and op_call_counts (and their order), and the
keys of any metadata sections. Op counts may differ where the backends
count differently (docs/Tracing.md); they are compared and reported: the
totals, and each module and edge whose count differs. With --exact-ops an
op difference is a mismatch too.

Prints `same: ...` / `mismatch: ...` lines, then `OK: ...` (exit 0) or
`FAIL: N mismatches` (exit 1).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

TRACER = os.path.join(os.path.dirname(os.path.realpath(__file__)),
                      "dsocr-trace")
SECTIONS = ["call_counts", "edges", "op_call_counts", "module_children",
            "module_classes"]
OPTIONAL = ["constructor_params", "input_metadata", "output_metadata"]


def classes_of(t):
    return t["module_classes"] if "module_classes" in t else t.get(
        "module_types", {})


class Comparison:
    def __init__(self):
        self.mismatches = 0

    def mismatch(self, what):
        self.mismatches += 1
        print("mismatch: " + what)

    def keys(self, name, a, b):
        """Same keys in the same order; True when they are."""
        ka, kb = list(a), list(b)
        if ka == kb:
            return True
        sa, sb = set(ka), set(kb)
        only_a = [k for k in ka if k not in sb]
        only_b = [k for k in kb if k not in sa]
        if only_a:
            self.mismatch("%s: only hooks has %s%s" % (
                name, only_a[:5], " (+%d)" % (len(only_a) - 5)
                if len(only_a) > 5 else ""))
        if only_b:
            self.mismatch("%s: only torchlens has %s%s" % (
                name, only_b[:5], " (+%d)" % (len(only_b) - 5)
                if len(only_b) > 5 else ""))
        if not only_a and not only_b:
            i = next(i for i, (x, y) in enumerate(zip(ka, kb)) if x != y)
            self.mismatch("%s: order differs at entry %d: hooks '%s', "
                          "torchlens '%s'" % (name, i, ka[i], kb[i]))
        return False

    def values(self, name, a, b):
        bad = [k for k in a if k in b and a[k] != b[k]]
        for k in bad[:5]:
            self.mismatch("%s['%s']: hooks %s, torchlens %s"
                          % (name, k, a[k], b[k]))
        if len(bad) > 5:
            self.mismatch("%s: %d more values differ" % (name, len(bad) - 5))
        return not bad


def compare(hooks, tl, exact_ops):
    c = Comparison()
    for s in SECTIONS[:4]:
        for name, t in (("hooks", hooks), ("torchlens", tl)):
            if s not in t:
                c.mismatch("the %s trace has no '%s'" % (name, s))
                return c
    ca, cb = hooks["call_counts"], tl["call_counts"]
    if c.keys("call_counts", ca, cb) & c.values("call_counts", ca, cb):
        print("same: call_counts: %d modules, same order and counts"
              % len(ca))
    la, lb = classes_of(hooks), classes_of(tl)
    if c.keys("module_classes", la, lb) & c.values("module_classes", la, lb):
        print("same: module_classes: %d modules (%d never called)"
              % (len(la), sum(1 for a in la if a not in ca)))
    ma, mb = hooks["module_children"], tl["module_children"]
    if c.keys("module_children", ma, mb) & c.values("module_children",
                                                     ma, mb):
        print("same: module_children: %d entries, same lists" % len(ma))
    ea, eb = hooks["edges"], tl["edges"]
    if c.keys("edges", ea, eb):
        print("same: edge keys: %d, same order" % len(ea))
    oa, ob = hooks["op_call_counts"], tl["op_call_counts"]
    if c.keys("op_call_counts", oa, ob):
        print("same: op_call_counts keys: %d, same order" % len(oa))
    for s in OPTIONAL:
        if (s in hooks) != (s in tl):
            c.mismatch("only %s has '%s'" % ("hooks" if s in hooks
                                            else "torchlens", s))
        elif s in hooks and c.keys(s, hooks[s], tl[s]):
            print("same: %s keys: %d" % (s, len(hooks[s])))

    ta, tb = sum(oa.values()), sum(ob.values())
    own = sorted(k for k in set(oa) | set(ob) if oa.get(k) != ob.get(k))
    edge = sorted(k for k in set(ea) | set(eb) if ea.get(k) != eb.get(k))
    print("ops: hooks %d, torchlens %d (%+d); modules whose own ops differ: "
          "%d of %d; edges whose weight differs: %d of %d"
          % (ta, tb, ta - tb, len(own), len(set(oa) | set(ob)), len(edge),
             len(set(ea) | set(eb))))
    for k in own[:10]:
        print("  ops %s: hooks %s, torchlens %s" % (k, oa.get(k, 0),
                                                    ob.get(k, 0)))
    if len(own) > 10:
        print("  ... %d more" % (len(own) - 10))
    if exact_ops and (own or edge):
        c.mismatch("op counts differ (--exact-ops)")
    return c


def run_both(python, args):
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for backend in ("hooks", "torchlens"):
            path = os.path.join(d, backend + ".json")
            cmd = [python, TRACER] + args + ["--backend", backend, "-o", path]
            if subprocess.run(cmd).returncode != 0:
                sys.exit("compare_backends: the %s backend failed" % backend)
            with open(path) as f:
                out[backend] = json.load(f)
    return out["hooks"], out["torchlens"]


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        usage="%(prog)s [--exact-ops] HOOKS.json TORCHLENS.json\n"
              "       %(prog)s [--exact-ops] [--python PY] --run MODEL "
              "[OPTIONS...]")
    ap.add_argument("--exact-ops", action="store_true",
                    help="op count differences are mismatches too")
    ap.add_argument("--python", default=sys.executable,
                    help="the Python that runs dsocr-trace with --run")
    ap.add_argument("--run", action="store_true",
                    help="trace MODEL with both backends, then compare")
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    if args.run:
        if not args.rest:
            ap.error("--run needs MODEL")
        hooks, tl = run_both(args.python, args.rest)
    else:
        if len(args.rest) != 2:
            ap.error("give HOOKS.json and TORCHLENS.json, or --run MODEL")
        with open(args.rest[0]) as f:
            hooks = json.load(f)
        with open(args.rest[1]) as f:
            tl = json.load(f)
    c = compare(hooks, tl, args.exact_ops)
    if c.mismatches:
        print("FAIL: %d mismatches" % c.mismatches)
        return 1
    print("OK: the backends agree on calls, classes, children and edge keys")
    return 0


if __name__ == "__main__":
    sys.exit(main())
