#!/usr/bin/env python3
"""Checks that two builds of the tools give byte-identical outputs.

A refactoring must not change what the tools print. This script runs a
baseline build (say, one built from the branch point) and a new build on
the same inputs and compares, for every input and every configuration,
stdout, stderr and the exit code (and, for -output-dir, every file
written), byte for byte:

  * dsocr-tracegen: every built-in model, with and without -metadata, and
    each --target-size given; the baseline's traces then serve as inputs;
  * dsocr-opt: every input (the --inputs given, every .json and .ir file
    under test/ and, with --lit-output, the files lit tests wrote) with
    -emit=ir, json, md, dot and mermaid, -print-after-all, -passes=verify,
    -passes=parse-edges and -output-dir.

Paths are the same for both builds, so messages that name them compare
equal. Big outputs are compared by SHA-256 and never kept.

Usage: utils/compare_outputs.py --baseline BASE/bin --new build/bin
           [--inputs FILE...] [--lit-output build/test]
           [--target-size 100MB] [--work-dir DIR] [--jobs 2]
Exit code 0 when everything is identical, 1 when something differs (each
difference is listed).
"""

import argparse
import concurrent.futures
import filecmp
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

MODELS = ["deepseek-ocr", "deepseek-v3", "resnet50", "vit-b16"]
EMITS = ["ir", "json", "md", "dot", "mermaid"]


def run(argv, work, tag):
    """Runs argv in the folder work with outputs in files; returns (exit
    code, stdout digest, stderr digest, stderr head)."""
    out = os.path.join(work, tag + ".out")
    err = os.path.join(work, tag + ".err")
    with open(out, "wb") as o, open(err, "wb") as e:
        code = subprocess.call(argv, stdout=o, stderr=e, cwd=work,
                               stdin=subprocess.DEVNULL)
    digests = []
    for path in (out, err):
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        digests.append(h.hexdigest())
    with open(err, "rb") as f:
        head = f.read(300).decode(errors="replace")
    os.remove(out)
    os.remove(err)
    return code, digests[0], digests[1], head


def trees_equal(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files,
                                           shallow=False)
    if mismatch or errors:
        return False
    return all(trees_equal(os.path.join(a, d), os.path.join(b, d))
               for d in cmp.common_dirs)


def compare(job):
    """job: (name, argv builder taking a bin dir and an output dir)."""
    name, make, base, new, work = job
    results = []
    for which, bindir in (("base", base), ("new", new)):
        # Each run in a folder of its own, writing to the same relative
        # -output-dir, so that messages naming it compare equal.
        d = tempfile.mkdtemp(dir=work)
        argv = make(bindir, "o")
        results.append((run(argv, d, "r"), d, os.path.join(d, "o")))
    (ra, da, oa), (rb, db, ob) = results
    problems = []
    if ra[0] != rb[0]:
        problems.append("exit code %d vs %d" % (ra[0], rb[0]))
    if ra[1] != rb[1]:
        problems.append("stdout differs")
    if ra[2] != rb[2]:
        problems.append("stderr differs:\n    base: %s\n    new:  %s"
                        % (ra[3].strip()[:200], rb[3].strip()[:200]))
    if os.path.isdir(oa) or os.path.isdir(ob):
        if not (os.path.isdir(oa) and os.path.isdir(ob)
                and trees_equal(oa, ob)):
            problems.append("-output-dir files differ")
    shutil.rmtree(da, ignore_errors=True)
    shutil.rmtree(db, ignore_errors=True)
    return name, problems


def opt_jobs(inputs):
    jobs = []
    for path in inputs:
        def tool(b):
            return os.path.join(b, "dsocr-opt")
        for emit in EMITS:
            jobs.append(("%s -emit=%s" % (path, emit),
                         lambda b, o, p=path, e=emit:
                         [tool(b), p, "-emit=" + e, "-o", "-"]))
        jobs.append(("%s -print-after-all" % path,
                     lambda b, o, p=path: [tool(b), p, "-print-after-all",
                                           "-emit=ir", "-o", "-"]))
        jobs.append(("%s -passes=verify" % path,
                     lambda b, o, p=path: [tool(b), p, "-passes=verify"]))
        jobs.append(("%s -passes=parse-edges" % path,
                     lambda b, o, p=path: [tool(b), p,
                                           "-passes=parse-edges"]))
        jobs.append(("%s -output-dir" % path,
                     lambda b, o, p=path: [tool(b), p, "-output-dir", o,
                                           "-render-svg=false"]))
    return jobs


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--baseline", required=True,
                   help="bin directory of the baseline build")
    p.add_argument("--new", required=True,
                   help="bin directory of the new build")
    p.add_argument("--inputs", nargs="*", default=[])
    p.add_argument("--test-dir", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "test"))
    p.add_argument("--lit-output", help="a build's test folder: also use "
                   "the .json and .ir files lit tests wrote there")
    p.add_argument("--target-size", action="append", default=[],
                   help="also generate (and compare) a trace of this size")
    p.add_argument("--work-dir")
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()

    work = os.path.abspath(args.work_dir or
                           tempfile.mkdtemp(prefix="dsocr-compare-"))
    os.makedirs(work, exist_ok=True)
    base, new = os.path.abspath(args.baseline), os.path.abspath(args.new)
    jobs, inputs = [], list(args.inputs)

    # Trace generation: compared, and the baseline's traces become inputs.
    gen_cases = [(m, [], m) for m in MODELS]
    gen_cases += [(m, ["-metadata"], m + "-meta") for m in MODELS]
    gen_cases += [("deepseek-ocr", ["-target-size=" + s], "size-" + s)
                  for s in args.target_size]
    traces = os.path.join(work, "traces")
    os.makedirs(traces, exist_ok=True)
    for model, extra, label in gen_cases:
        argv = lambda b, o, m=model, x=extra: [
            os.path.join(b, "dsocr-tracegen"), "-model=" + m] + x
        jobs.append(("dsocr-tracegen -model=%s %s" % (model, " ".join(extra)),
                     argv))
        out = os.path.join(traces, label + ".json")
        subprocess.run(argv(base, None) + ["-o", out], check=True)
        inputs.append(out)

    for root in [args.test_dir] + ([args.lit_output] if args.lit_output
                                   else []):
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                if f.endswith((".json", ".ir")):
                    inputs.append(os.path.join(dirpath, f))
    inputs = sorted(set(os.path.abspath(i) for i in inputs))
    jobs += opt_jobs(inputs)

    differ = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for name, problems in pool.map(
                compare, [(n, m, base, new, work) for n, m in jobs]):
            if problems:
                differ += 1
                print("DIFFERS: %s\n  %s" % (name, "\n  ".join(problems)),
                      flush=True)
    print("%d inputs, %d runs compared, %d differ" % (
        len(inputs), len(jobs), differ))
    if not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
