#!/usr/bin/env python3
"""Checks that a TorchLens call-graph trace has the shape of real ones.

Usage: check_trace_invariants.py TRACE.json

The quirks of SPEC.md section 2, as TorchLens writes them:
  * top-level keys in TorchLens order: call_counts, edges, op_call_counts,
    module_children, module_classes, then the optional constructor_params,
    input_metadata, output_metadata;
  * every called module has a class; op_call_counts names only called
    modules and never holds 0;
  * a called module's caller is its nearest called ancestor; there is an
    edge from it and the caller's module_children lists it; a called module
    without a called ancestor (a top-level one, or an element of a
    top-level list container such as `layers.0`) has neither edge nor
    parent entry;
  * edge weights are inclusive op counts: P->C equals C's own ops plus the
    weights of C's edges;
  * never-called modules (list containers, routed-out experts, dead code)
    have a class but no call count, and are in no module_children list and
    no edge;
  * with metadata: one input and one output entry per call.

Prints a summary and exits 0, or prints the first violation and exits 1.
"""
import json
import sys

ORDER = ["call_counts", "edges", "op_call_counts", "module_children",
         "module_classes", "constructor_params", "input_metadata",
         "output_metadata"]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    with open(sys.argv[1]) as f:
        t = json.load(f)
    keys = list(t)
    known = [k for k in keys if k in ORDER]
    if known != [k for k in ORDER if k in keys] or known[:5] != ORDER[:5]:
        fail("top-level keys %s are not in TorchLens order" % keys)
    calls, edges = t["call_counts"], t["edges"]
    ops, children = t["op_call_counts"], t["module_children"]
    classes = t["module_classes"]

    for a in calls:
        if a not in classes:
            fail("called module '%s' has no class" % a)
        if not isinstance(calls[a], int) or calls[a] < 1:
            fail("'%s' has call count %r" % (a, calls[a]))
    for a, n in ops.items():
        if a not in calls:
            fail("op_call_counts names '%s', which is not called" % a)
        if n <= 0:
            fail("op_call_counts holds %r for '%s'" % (n, a))

    def caller(a):
        while "." in a:
            a = a.rsplit(".", 1)[0]
            if a in calls:
                return a
        return None

    out = {}
    for k, w in edges.items():
        p, c = k.split("->", 1)
        if p not in calls or c not in calls:
            fail("edge '%s' names a module that is not called" % k)
        if caller(c) != p:
            fail("edge '%s': the nearest called ancestor of '%s' is %r"
                 % (k, c, caller(c)))
        out.setdefault(p, []).append(c)
    listed = {}
    for p, kids in children.items():
        if p not in calls:
            fail("module_children has uncalled parent '%s'" % p)
        for c in kids:
            if c not in calls:
                fail("module_children['%s'] lists uncalled '%s'" % (p, c))
            listed[c] = p
    for a in calls:
        p = caller(a)
        if p is None:
            if a in listed:
                fail("'%s' has no called ancestor but a parent entry" % a)
            continue
        if "%s->%s" % (p, a) not in edges:
            fail("no edge %s->%s" % (p, a))
        if listed.get(a) != p:
            fail("module_children['%s'] does not list '%s'" % (p, a))
    for p, kids in children.items():
        if sorted(kids) != sorted(out.get(p, [])):
            fail("module_children['%s'] and the edges from it differ" % p)

    def inclusive(a):
        return ops.get(a, 0) + sum(edges["%s->%s" % (a, c)]
                                   for c in out.get(a, []))
    for k, w in edges.items():
        c = k.split("->", 1)[1]
        if w != inclusive(c):
            fail("edge '%s' weighs %d, but '%s' runs %d ops inside"
                 % (k, w, c, inclusive(c)))

    uncalled = [a for a in classes if a not in calls]
    for md in ("input_metadata", "output_metadata"):
        for a, entries in t.get(md, {}).items():
            if a not in calls:
                fail("%s names uncalled '%s'" % (md, a))
            if len(entries) != calls[a]:
                fail("%s['%s'] has %d entries for %d calls"
                     % (md, a, len(entries), calls[a]))
            for e in entries:
                for tensor in e["tensors"]:
                    if not all(isinstance(d, int) and d >= 0
                               for d in tensor["shape"]):
                        fail("%s['%s'] has shape %s"
                             % (md, a, tensor["shape"]))
    top = [a for a in calls if caller(a) is None]
    total = sum(ops.values())
    print("OK: %d modules, %d called, %d never called, %d top-level, "
          "%d edges, %d ops" % (len(classes), len(calls), len(uncalled),
                                len(top), len(edges), total))


if __name__ == "__main__":
    main()
