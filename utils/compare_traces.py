#!/usr/bin/env python3
"""Compares a generated TorchLens call-graph trace with a real one.

Usage: compare_traces.py [--ignore-order] [--op-tolerance=0.2] REAL GENERATED

Checks that GENERATED has the same module addresses and classes
(module_classes), the same call counts, module_children and edge keys as
REAL, in the same key order, except for the members of routed families
(mixture-of-experts experts) that routing left uncalled in either trace:
which experts a router skips is random, so those members and their
subtrees are left out of the comparison. Op counts are not compared one by
one, but the total (the sum of op_call_counts) must be within the tolerance
(default 20%) of the real total; per-module op differences are reported for
information.

Prints every difference (up to 10 per kind) and a summary; exits 1 on a
mismatch, 0 otherwise.
"""
import argparse
import json
import re
import sys

MAIN_KEYS = ["call_counts", "edges", "op_call_counts", "module_children"]
INDEX_RE = re.compile(r"^(.*)\.(\d+)$")


def classes_of(trace):
    if "module_classes" in trace:
        return trace["module_classes"]
    return trace.get("module_types", {})


def routed_out(trace):
    """Members of indexed families that are uncalled while a sibling is
    called: what routing decided."""
    calls = trace["call_counts"]
    families = {}
    for addr in classes_of(trace):
        m = INDEX_RE.match(addr)
        if m:
            families.setdefault(m.group(1), []).append(addr)
    out = set()
    for members in families.values():
        called = [a for a in members if a in calls]
        if called and len(called) < len(members):
            out.update(a for a in members if a not in calls)
    return out


def in_subtree(addr, roots):
    while True:
        if addr in roots:
            return True
        if "." not in addr:
            return False
        addr = addr.rsplit(".", 1)[0]


class Report:
    def __init__(self):
        self.errors = 0
        self.shown = {}

    def error(self, kind, msg):
        self.errors += 1
        n = self.shown.get(kind, 0)
        if n < 10:
            print("mismatch: %s: %s" % (kind, msg))
        elif n == 10:
            print("mismatch: %s: ... (more not shown)" % kind)
        self.shown[kind] = n + 1

    def info(self, msg):
        print("info: " + msg)


def compare_keys(rep, kind, real_keys, gen_keys, check_order):
    rs, gs = set(real_keys), set(gen_keys)
    for k in real_keys:
        if k not in gs:
            rep.error(kind, "'%s' is missing from the generated trace" % k)
    for k in gen_keys:
        if k not in rs:
            rep.error(kind, "'%s' is not in the real trace" % k)
    if check_order and rs == gs and list(real_keys) != list(gen_keys):
        for i, (a, b) in enumerate(zip(real_keys, gen_keys)):
            if a != b:
                rep.error(kind, "order differs at entry %d: real '%s', "
                          "generated '%s'" % (i, a, b))
                break


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("real")
    ap.add_argument("generated")
    ap.add_argument("--ignore-order", action="store_true",
                    help="do not compare the order of keys")
    ap.add_argument("--op-tolerance", type=float, default=0.2,
                    help="largest relative difference of the op totals")
    args = ap.parse_args()
    with open(args.real) as f:
        real = json.load(f)
    with open(args.generated) as f:
        gen = json.load(f)
    rep = Report()
    order = not args.ignore_order

    for key in MAIN_KEYS:
        for name, t in (("real", real), ("generated", gen)):
            if key not in t:
                print("mismatch: the %s trace has no '%s'" % (name, key))
                return 1
    top = [k for k in real if k in MAIN_KEYS or k in ("module_classes",
                                                        "module_types")]
    gtop = [k for k in gen if k in MAIN_KEYS or k in ("module_classes",
                                                       "module_types")]
    if order and top != gtop:
        rep.error("keys", "top-level key order: real %s, generated %s"
                  % (top, gtop))

    # Classes: every module, called or not, with the same class.
    rc, gc = classes_of(real), classes_of(gen)
    compare_keys(rep, "module_classes", list(rc), list(gc), order)
    for a, c in rc.items():
        if a in gc and gc[a] != c:
            rep.error("module_classes", "'%s' is %s, generated %s"
                      % (a, c, gc[a]))

    # What routing decided is not compared.
    rout, gout = routed_out(real), routed_out(gen)
    skip = rout | gout

    def keep(addr):
        return not in_subtree(addr, skip)

    rcalls, gcalls = real["call_counts"], gen["call_counts"]
    rcalled = [a for a in rcalls if keep(a)]
    compare_keys(rep, "call_counts", rcalled,
                 [a for a in gcalls if keep(a)], order)
    for a, n in rcalls.items():
        if keep(a) and a in gcalls and gcalls[a] != n:
            rep.error("call_counts", "'%s' is called %d times, generated %d"
                      % (a, n, gcalls[a]))

    def edge_keep(k):
        p, c = k.split("->", 1)
        return keep(p) and keep(c)

    redges = [k for k in real["edges"] if edge_keep(k)]
    compare_keys(rep, "edges", redges,
                 [k for k in gen["edges"] if edge_keep(k)], order)

    rch, gch = real["module_children"], gen["module_children"]
    compare_keys(rep, "module_children", [a for a in rch if keep(a)],
                 [a for a in gch if keep(a)], order)
    for p, kids in rch.items():
        if not keep(p) or p not in gch:
            continue
        a = [k for k in kids if keep(k)]
        b = [k for k in gch[p] if keep(k)]
        if a != b:
            rep.error("module_children", "children of '%s' differ: real %s, "
                      "generated %s" % (p, a[:6], b[:6]))

    # Ops: the total must be close; the rest is information.
    rops, gops = real["op_call_counts"], gen["op_call_counts"]
    rt, gt = sum(rops.values()), sum(gops.values())
    diff = abs(gt - rt) / rt if rt else (0.0 if gt == 0 else 1.0)
    if diff > args.op_tolerance:
        rep.error("ops", "total ops %d, generated %d (%.1f%% off, more than "
                  "%.0f%%)" % (rt, gt, 100 * diff, 100 * args.op_tolerance))
    own_diff = sum(1 for a in rops if keep(a) and gops.get(a, 0) != rops[a])
    edge_diff = sum(1 for k, v in real["edges"].items()
                    if edge_keep(k) and gen["edges"].get(k) not in (None, v))
    if order:
        ro = [a for a in rops if keep(a) and a in gops]
        go = [a for a in gops if keep(a) and a in rops]
        if ro != go:
            rep.info("op_call_counts key order differs")

    rep.info("total ops: real %d, generated %d (%+.2f%%)"
             % (rt, gt, 100.0 * (gt - rt) / rt if rt else 0.0))
    rep.info("modules whose own op count differs: %d; edges whose weight "
             "differs: %d" % (own_diff, edge_diff))
    rep.info("routed members left uncalled: real %d, generated %d"
             % (len(rout), len(gout)))
    rep.info("compared %d modules, %d called, %d edges"
             % (len(rc), len(rcalled), len(redges)))
    if rep.errors:
        print("FAIL: %d mismatches" % rep.errors)
        return 1
    print("OK: the generated trace matches the real one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
