#!/usr/bin/env python3
"""Whole-process benchmark of dsocr-opt (the table in docs/Performance.md).

For each size (1 MB, 10 MB, 100 MB, 1 GB by default) it generates a
DeepSeek-OCR trace with dsocr-tracegen -target-size, then times

  dsocr-opt TRACE -output-dir OUT -render-svg=false

(the default pipeline, writing the JSON and Markdown reports, plus the DOT
and Mermaid pictures) and, on the same file in the same run,

  python3 -c "import json; json.load(open(TRACE))"

Each command runs once to warm the page cache, then --runs times; the table
shows the median wall time (and the range), MB/s, peak RSS (ru_maxrss of the
process) against the 1.5 x input + 50 MB budget, and the ratio of Python's
time to ours. The targets of issue 6 are checked at the end; the exit code
is 1 if one is missed.

Usage: utils/bench.py [--build-dir build] [--sizes 1M,10M,100M,1G]
                      [--runs 5] [--python-runs 3] [--work-dir DIR]
                      [--real-trace FILE] [-o table.md]
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text):
    m = re.fullmatch(r"(\d+)([KMG]?)", text.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError("bad size '%s'" % text)
    return int(m.group(1)) * UNITS.get(m.group(2), 1)


def run_timed(argv):
    """Runs argv; returns (wall seconds, peak RSS in bytes). Fails loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("bench: %s failed (exit %d):\n%s" % (argv[0], code, err))
    return wall, usage.ru_maxrss * 1024, err  # ru_maxrss is in KiB on Linux


def measure(argv, runs, warm_up_extra=()):
    """Warm-up run (argv plus warm_up_extra), then `runs` timed runs:
    (median, min, max, max RSS, the warm-up's standard error)."""
    warm_up_err = run_timed(list(argv) + list(warm_up_extra))[2]
    walls, rss = [], []
    for _ in range(runs):
        w, r, _ = run_timed(argv)
        walls.append(w)
        rss.append(r)
    return (statistics.median(walls), min(walls), max(walls), max(rss),
            warm_up_err)


def modules_in_stats(stats):
    """The reader's module count in -stats output."""
    m = re.search(r"(\d+) read-trace\s+- Number of modules in the trace",
                  stats)
    return int(m.group(1)) if m else None


def size_label(n):
    for unit in ("G", "M", "K"):
        if n >= UNITS[unit] and n % UNITS[unit] == 0:
            return "%d %sB" % (n // UNITS[unit], unit)
    return "%d B" % n


def machine():
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, Linux %s, Python %s" % (
        cpu, os.cpu_count(), platform.release(), platform.python_version())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", default="build")
    p.add_argument("--sizes", default="1M,10M,100M,1G")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--python-runs", type=int, default=3)
    p.add_argument("--work-dir", help="where traces go (default: a temporary "
                   "directory, removed afterwards)")
    p.add_argument("--model", default="deepseek-ocr")
    p.add_argument("--real-trace", help="also time this trace (the real "
                   "DeepSeek-OCR trace: target under 10 ms)")
    p.add_argument("-o", "--output", help="write the Markdown table here too")
    args = p.parse_args()

    opt = os.path.join(args.build_dir, "bin", "dsocr-opt")
    gen = os.path.join(args.build_dir, "bin", "dsocr-tracegen")
    for tool in (opt, gen):
        if not os.access(tool, os.X_OK):
            sys.exit("bench: %s not found: build first" % tool)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    work = args.work_dir or tempfile.mkdtemp(prefix="dsocr-bench-")
    os.makedirs(work, exist_ok=True)

    rows, results = [], {}
    try:
        for size in sizes:
            trace = os.path.join(work, "trace-%s.json" % size_label(size)
                                 .replace(" ", ""))
            subprocess.run([gen, "-model=" + args.model,
                            "-target-size=%d" % size, "-o", trace],
                           check=True, stderr=subprocess.DEVNULL)
            nbytes = os.path.getsize(trace)
            out_dir = os.path.join(work, "out")
            # The untimed warm-up run also reports the module count.
            med, lo, hi, rss, stats = measure(
                [opt, trace, "-output-dir", out_dir, "-render-svg=false"],
                args.runs, warm_up_extra=["-stats"])
            modules = modules_in_stats(stats)
            py = measure([sys.executable, "-c",
                          "import json; json.load(open(%r))" % trace],
                         args.python_runs)[0]
            mbs = nbytes / 1e6 / med
            budget = 1.5 * nbytes + 50e6
            results[size] = dict(bytes=nbytes, wall=med, mbs=mbs, rss=rss,
                                 budget=budget, python=py)
            rows.append("| %s | %.1f | %s | %.3f (%.3f-%.3f) | %.0f | %.0f "
                        "(budget %.0f) | %.3f | %.1fx |" % (
                            size_label(size), nbytes / 1e6,
                            modules if modules is not None else "?", med, lo,
                            hi, mbs, rss / 1e6, budget / 1e6, py, py / med))
            print(rows[-1], flush=True)
            os.remove(trace)
            shutil.rmtree(out_dir, ignore_errors=True)
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)

    lines = [
        "Machine: %s." % machine(),
        "Trace: dsocr-tracegen -model=%s -target-size=SIZE; command: "
        "dsocr-opt TRACE -output-dir OUT -render-svg=false; median of %d "
        "runs after a warm-up (range in brackets); Python: median of %d "
        "runs of json.load." % (args.model, args.runs, args.python_runs),
        "",
        "| trace | MB | modules | wall s (range) | MB/s | peak RSS MB "
        "| python json.load s | python / ours |",
        "|---|---|---|---|---|---|---|---|",
    ] + rows

    checks = []
    for size in (100 << 20, 1 << 30):
        if size in results:
            r = results[size]
            checks.append(("%s: at least 300 MB/s" % size_label(size),
                           r["mbs"] >= 300, "%.0f MB/s" % r["mbs"]))
    for size, r in sorted(results.items()):
        if size >= 100 << 20:
            checks.append(("%s: at most 1/8 of Python's time"
                           % size_label(size), r["python"] >= 8 * r["wall"],
                           "%.1fx" % (r["python"] / r["wall"])))
        checks.append(("%s: peak RSS within 1.5 x input + 50 MB"
                       % size_label(size), r["rss"] <= r["budget"],
                       "%.0f MB of %.0f MB" % (r["rss"] / 1e6,
                                                r["budget"] / 1e6)))
    if (10 << 20) in results and (1 << 30) in results:
        ratio = results[1 << 30]["mbs"] / results[10 << 20]["mbs"]
        checks.append(("linear: MB/s at 1 GB within 25% of 10 MB",
                       ratio >= 0.75, "%.0f%%" % (100 * ratio)))
    if args.real_trace:
        med, lo, hi, rss, _ = measure([opt, args.real_trace, "-o", os.devnull,
                                    "-emit=json"], max(args.runs, 10))
        checks.append(("real trace %s under 10 ms (process start included)"
                       % os.path.basename(args.real_trace), med < 0.010,
                       "%.1f ms (%.1f-%.1f)" % (med * 1e3, lo * 1e3,
                                                 hi * 1e3)))
    lines += ["", "| target | met | measured |", "|---|---|---|"]
    lines += ["| %s | %s | %s |" % (name, "yes" if ok else "**no**", value)
              for name, ok, value in checks]
    text = "\n".join(lines) + "\n"
    print()
    print(text, end="")
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
