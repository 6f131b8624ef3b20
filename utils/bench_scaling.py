#!/usr/bin/env python3
"""Scaling benchmark: hostile input shapes at growing sizes.

For each shape, writes a trace (or IR) of n modules and of 4n modules, runs
dsocr-opt on both (the default pipeline with -verify-each, every emitter of
-output-dir, no SVG) and reports the growth exponent log(t(4n)/t(n))/log 4:
1 is linear, 2 quadratic. A shape fails when the exponent is above
--max-exponent (default 1.5) while the larger run takes long enough to
measure (--min-seconds), or when an output is more than --max-output-ratio
times its input. Times are CPU seconds (user + system), medians of --repeat
runs, so that other work on the machine hardly moves them.

    utils/bench_scaling.py build/bin/dsocr-opt [--size N] [--shape NAME]

Exit status: 0 when every shape scales, 1 otherwise. This is a benchmark,
not a test: its verdicts are about time, so it runs outside ctest.
"""

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile


def trace(cc, cls, edges=None, ops=None, children=None, extra=None):
    d = {"call_counts": cc, "edges": edges or {}, "op_call_counts": ops or {},
         "module_children": children or {}, "module_classes": cls}
    d.update(extra or {})
    return json.dumps(d)


def chain_children(n):
    # A chain given only by module_children, no edges: deeper than the IR
    # allows, which must be found before any expensive work.
    names = ["m%d" % i for i in range(n)]
    return trace({a: 1 for a in names}, {a: "Block" for a in names},
                 children={names[i]: [names[i + 1]] for i in range(n - 1)})


def unknown_keys(n):
    d = {"call_counts": {"a": 1}, "edges": {}, "op_call_counts": {},
         "module_children": {}, "module_classes": {"a": "A"}}
    for i in range(n):
        d["unknown_%d" % i] = i
    return json.dumps(d)


def wide_root(n):
    names = ["top%d" % i for i in range(n)]
    return trace({a: 1 for a in names}, {a: "Linear" for a in names},
                 ops={a: 1 for a in names})


def deep_with_leaves(n):
    # A 3,000-deep call chain with n leaves spread over its levels.
    depth = 3000
    cc, cls, edges, ops, kids = {}, {}, {}, {}, {}
    chain = ["c%d" % i for i in range(depth)]
    for a in chain:
        cc[a] = 1
        cls[a] = "Block"
    for i in range(n):
        p = chain[i % depth]
        leaf = "%s_leaf%d" % (p, i)
        cc[leaf] = 1
        cls[leaf] = "Linear"
        ops[leaf] = 1
        edges["%s->%s" % (p, leaf)] = 1
        kids.setdefault(p, []).append(leaf)
    # Edge weights are the ops below each link.
    below = [0] * depth
    for i in range(n):
        below[i % depth] += 1
    acc = 0
    for i in range(depth - 1, 0, -1):
        acc += below[i]
        edges["%s->%s" % (chain[i - 1], chain[i])] = acc
    return trace(cc, cls, edges, ops, kids)


def shared_deep(n):
    # n modules, each called by the two deepest links of a 2,000-deep chain.
    depth = 2000
    cc, cls, edges = {}, {}, {}
    for i in range(depth):
        cc["c%d" % i] = 1
        cls["c%d" % i] = "C"
        if i:
            edges["c%d->c%d" % (i - 1, i)] = 0
    for j in range(n):
        cc["s%d" % j] = 2
        cls["s%d" % j] = "S"
        edges["c%d->s%d" % (depth - 1, j)] = 0
        edges["c%d->s%d" % (depth - 2, j)] = 0
    return trace(cc, cls, edges)


def dead_under_containers(n):
    # A 2,000-long chain of never-called containers with one called leaf at
    # the bottom, and n never-called modules under the deepest container.
    depth = 2000
    cls, kids = {"root": "Model"}, {}
    chain = ["root"] + ["root.k%d" % i for i in range(depth)]
    for a in chain[1:]:
        cls[a] = "ModuleList"
    for i in range(1, depth):
        kids[chain[i]] = [chain[i + 1]]
    bottom = chain[-1]
    leaf = bottom + ".leaf"
    cls[leaf] = "Linear"
    kids[bottom] = [leaf] + ["%s.d%d" % (bottom, i) for i in range(n)]
    for i in range(n):
        cls["%s.d%d" % (bottom, i)] = "Dropout"
    return trace({"root": 1, leaf: 1}, cls, {"root->" + leaf: 1},
                 {leaf: 1}, kids)


def distinct_family(n):
    # One family of n members, each with a different number of children:
    # n structural signatures.
    cc, cls, edges, ops, kids = {"m": 1}, {"m": "M"}, {}, {}, {}
    for i in range(n):
        b = "m.blocks.%d" % i
        cc[b] = 1
        cls[b] = "Block"
        kids.setdefault("m", []).append(b)
        k = i % 64 + (i // 64) % 7
        for j in range(k % 9):
            c = "%s.l%d" % (b, j)
            cc[c] = 1
            cls[c] = "Linear"
            ops[c] = 1
            edges["%s->%s" % (b, c)] = 1
            kids.setdefault(b, []).append(c)
        edges["m->%s" % b] = k % 9
    return trace(cc, cls, edges, ops, kids)


def variant_ops(n):
    # A stack of n members whose op counts all differ.
    cc, cls, edges, ops, kids = {"m": 1}, {"m": "M"}, {}, {}, {}
    for i in range(n):
        b = "m.layers.%d" % i
        cc[b] = 1
        cls[b] = "Layer"
        ops[b] = i + 1
        edges["m->" + b] = i + 1
        kids.setdefault("m", []).append(b)
    return trace(cc, cls, edges, ops, kids)


def moe(n):
    # One MoE layer of n experts, every third never called.
    cc, cls, edges, ops, kids = {"moe": 1}, {"moe": "MoE"}, {}, {}, {}
    for i in range(n):
        e = "moe.experts.%d" % i
        cls[e] = "Expert"
        kids.setdefault("moe", []).append(e)
        if i % 3:
            cc[e] = 1
            ops[e] = 2
            edges["moe->" + e] = 2
    return trace(cc, cls, edges, ops, kids)


def long_addresses(n):
    # n modules whose addresses have 200 segments, under a called module
    # whose intermediate prefixes are all missing.
    cc, cls, edges, ops = {"top": 1}, {"top": "Top"}, {}, {}
    for i in range(n):
        a = "top." + ".".join("s%d" % ((i + j) % 10) for j in range(199)) + \
            ".x%d" % i
        cc[a] = 1
        cls[a] = "Linear"
        ops[a] = 1
    return trace(cc, cls, edges, ops)


def ir_deep(n):
    # IR of a 3,000-deep tree with n leaves at the bottom.
    depth = 3000
    lines = ["root calls=1 total_calls=%d total_ops=%d {" % (depth + n, n)]
    for i in range(depth):
        lines.append("  " * (i + 1) + 'module "c%d" : "C" calls=1 per_call=1 ops=0 {' % i)
    ind = "  " * (depth + 1)
    for j in range(n):
        lines.append(ind + 'module "c%d.l%d" : "L" calls=1 per_call=1 ops=1' % (depth - 1, j))
    for i in range(depth, -1, -1):
        lines.append("  " * i + "}")
    return "\n".join(lines) + "\n"


def many_families(n):
    # One parent with n/2 families of two members each (`m.f7.0`, `m.f7.1`).
    cc, cls, edges, ops, kids = {"m": 1}, {"m": "M"}, {}, {}, {}
    for i in range(n // 2):
        for j in range(2):
            a = "m.f%d.%d" % (i, j)
            cc[a] = 1
            cls[a] = "Linear"
            ops[a] = 1
            edges["m->" + a] = 1
            kids.setdefault("m", []).append(a)
    return trace(cc, cls, edges, ops, kids)


def many_callers(n):
    # One module called by n callers, and a family of 64 such layers whose
    # merged body gathers every caller.
    cc, cls, edges, ops, kids = {"m": 1}, {"m": "M"}, {}, {}, {}
    layers = 64
    per = max(1, n // layers)
    for l in range(layers):
        layer = "m.layers.%d" % l
        act = layer + ".act"
        cc[layer] = 1
        cls[layer] = "Layer"
        kids.setdefault("m", []).append(layer)
        kids[layer] = [act]
        cc[act] = per
        cls[act] = "GELU"
        for c in range(per):
            caller = "%s.c%d" % (layer, c)
            cc[caller] = 1
            cls[caller] = "Linear"
            kids[layer].append(caller)
            edges["%s->%s" % (layer, caller)] = 0
            edges["%s->%s" % (caller, act)] = 0
        edges["m->" + layer] = 0
    return trace(cc, cls, edges, ops, kids)


def reversed_family(n):
    # A family listed in reverse index order everywhere.
    cc, cls, edges, ops, kids = {"m": 1}, {"m": "M"}, {}, {}, {}
    for i in reversed(range(n)):
        b = "m.blocks.%d" % i
        cc[b] = 1
        cls[b] = "Block"
        ops[b] = 1 + (i % 3)
        edges["m->" + b] = 1 + (i % 3)
        kids.setdefault("m", []).append(b)
    return trace(cc, cls, edges, ops, kids)


def nested_stacks(n):
    # 32 stacks of n/32 layers each, every layer with a fan-out of 4 experts.
    cc, cls, edges, ops, kids = {"m": 1}, {"m": "M"}, {}, {}, {}
    per = max(1, n // 32 // 5)
    for s in range(32):
        st = "m.stages.%d" % s
        cc[st] = 1
        cls[st] = "Stage"
        kids.setdefault("m", []).append(st)
        for l in range(per):
            layer = "%s.layers.%d" % (st, l)
            cc[layer] = 1
            cls[layer] = "Layer"
            kids.setdefault(st, []).append(layer)
            for e in range(4):
                ex = "%s.experts.%d" % (layer, e)
                cls[ex] = "Expert"
                kids.setdefault(layer, []).append(ex)
                if (l + e) % 4:
                    cc[ex] = 1
                    ops[ex] = 1
                    edges["%s->%s" % (layer, ex)] = 1
            edges["%s->%s" % (st, layer)] = sum(
                1 for e in range(4) if (l + e) % 4)
        edges["m->" + st] = sum(edges["%s->%s.layers.%d" % (st, st, l)]
                                for l in range(per))
    return trace(cc, cls, edges, ops, kids)


def many_fanouts(n):
    # One parent with n/3 fan-out families of three members, one of them
    # never called (`m.f7.2`), inside a stack of two layers.
    cc, cls, edges, ops, kids = {"m": 1}, {"m": "M"}, {}, {}, {}
    for l in range(2):
        layer = "m.layers.%d" % l
        cc[layer] = 1
        cls[layer] = "Layer"
        kids.setdefault("m", []).append(layer)
        total = 0
        for i in range(n // 6):
            for j in range(3):
                a = "%s.f%d.%d" % (layer, i, j)
                cls[a] = "Expert"
                kids.setdefault(layer, []).append(a)
                if j < 2:
                    cc[a] = 1
                    ops[a] = 1
                    edges["%s->%s" % (layer, a)] = 1
                    total += 1
        edges["m->" + layer] = total
    return trace(cc, cls, edges, ops, kids)


SHAPES = {
    "chain-children": (chain_children, 200000, "json"),
    "unknown-keys": (unknown_keys, 100000, "json"),
    "wide-root": (wide_root, 50000, "json"),
    "deep-with-leaves": (deep_with_leaves, 50000, "json"),
    "shared-deep": (shared_deep, 20000, "json"),
    "dead-under-containers": (dead_under_containers, 50000, "json"),
    "distinct-family": (distinct_family, 20000, "json"),
    "variant-ops": (variant_ops, 50000, "json"),
    "moe": (moe, 50000, "json"),
    "long-addresses": (long_addresses, 5000, "json"),
    "ir-deep": (ir_deep, 20000, "ir"),
    "many-families": (many_families, 50000, "json"),
    "many-callers": (many_callers, 20000, "json"),
    "reversed-family": (reversed_family, 50000, "json"),
    "nested-stacks": (nested_stacks, 50000, "json"),
    "many-fanouts": (many_fanouts, 30000, "json"),
}


def run(tool, path, outdir, repeat):
    times = []
    rc = None
    for _ in range(repeat):
        shutil.rmtree(outdir, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([tool, path, "-verify-each", "-output-dir", outdir,
                            "-render-svg=false"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time (user + system) of the run: unlike wall time, it hardly
        # changes when other work shares the machine.
        times.append(after.ru_utime - before.ru_utime +
                     after.ru_stime - before.ru_stime)
        rc = p.returncode
        err = p.stderr.decode(errors="replace").splitlines()
    size = 0
    if os.path.isdir(outdir):
        for f in os.listdir(outdir):
            size += os.path.getsize(os.path.join(outdir, f))
    return statistics.median(times), rc, size, (err[0] if err else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tool")
    ap.add_argument("--shape", action="append", help="run only these shapes")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every shape's base size")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-exponent", type=float, default=1.5)
    ap.add_argument("--min-seconds", type=float, default=0.05)
    ap.add_argument("--max-output-ratio", type=float, default=40.0)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="dsocr-scaling-")
    bad = []
    print("| shape | n | t(n) s | t(4n) s | exponent | output/input | exit | first message |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    try:
        for name, (gen, base, ext) in SHAPES.items():
            if args.shape and name not in args.shape:
                continue
            n = max(1, int(base * args.scale))
            res = []
            for size in (n, 4 * n):
                path = os.path.join(tmp, "%s-%d.%s" % (name, size, ext))
                text = gen(size)
                with open(path, "w") as f:
                    f.write(text)
                t, rc, out, msg = run(args.tool, path, os.path.join(tmp, "out"),
                                      args.repeat)
                res.append((t, rc, out, len(text), msg))
                os.unlink(path)
            (t1, _, _, _, _), (t4, rc, out, insize, msg) = res
            exp = math.log(max(t4, 1e-6) / max(t1, 1e-6)) / math.log(4)
            ratio = out / insize
            verdict = ""
            if t4 >= args.min_seconds and exp > args.max_exponent:
                verdict = " SUPERLINEAR"
            if ratio > args.max_output_ratio:
                verdict += " OUTPUT-BLOWUP"
            if verdict:
                bad.append(name)
            print("| %s | %d | %.3f | %.3f | %.2f%s | %.1f | %d | %s |" %
                  (name, n, t1, t4, exp, verdict, ratio, rc, msg[:60]))
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if bad:
        print("scaling: not linear: " + ", ".join(bad))
        return 1
    print("scaling: every shape scales")
    return 0


if __name__ == "__main__":
    sys.exit(main())
