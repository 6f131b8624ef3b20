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

With --ab-build DIR it also compares two builds on one generated trace
(--ab-size, default 100 MB): the build of --build-dir (A) and the one in
DIR (B, say configured with -DDSOCR_HUGE_PAGE_ARENAS=OFF) each run the
same command --ab-runs times in pairs, alternating which of the two goes
first; the table gives each one's median wall time and peak RSS (ranges in
brackets) and the median of the per-pair ratios B/A. The two must write
identical outputs. `--sizes=` (empty) runs the A/B comparison alone.

Usage: utils/bench.py [--build-dir build] [--sizes 1M,10M,100M,1G]
                      [--runs 5] [--python-runs 3] [--work-dir DIR]
                      [--real-trace FILE] [-o table.md]
                      [--ab-build DIR [--ab-size 100M] [--ab-runs 11]]
"""

import argparse
import filecmp
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
    """Runs argv; returns (wall seconds, peak RSS in bytes, stderr, user +
    system CPU seconds of all its threads). Fails loudly."""
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
    # ru_maxrss is in KiB on Linux.
    return (wall, usage.ru_maxrss * 1024, err,
            usage.ru_utime + usage.ru_stime)


def measure(argv, runs, warm_up_extra=()):
    """Warm-up run (argv plus warm_up_extra), then `runs` timed runs:
    (median, min, max, max RSS, the warm-up's standard error)."""
    warm_up_err = run_timed(list(argv) + list(warm_up_extra))[2]
    walls, rss = [], []
    for _ in range(runs):
        w, r, _, _ = run_timed(argv)
        walls.append(w)
        rss.append(r)
    return (statistics.median(walls), min(walls), max(walls), max(rss),
            warm_up_err)


def same_tree(a, b):
    """Whether folders a and b hold the same files with the same bytes."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files,
                                           shallow=False)
    return not mismatch and not errors and all(
        same_tree(os.path.join(a, d), os.path.join(b, d))
        for d in cmp.common_dirs)


def ab_compare(opt_a, opt_b, trace, work, runs):
    """Paired runs of two dsocr-opt binaries on trace: (table lines,
    median ratio B/A). Fails loudly if their outputs differ."""
    outs = []
    for tag, opt in (("a", opt_a), ("b", opt_b)):
        out = os.path.join(work, "ab-" + tag)
        shutil.rmtree(out, ignore_errors=True)
        run_timed([opt, trace, "-output-dir", out, "-render-svg=false"])
        outs.append(out)
    if not same_tree(*outs):
        sys.exit("bench: the two builds write different outputs")
    argv = lambda opt: [opt, trace, "-output-dir", outs[0],
                        "-render-svg=false"]
    walls = {"a": [], "b": []}
    cpus = {"a": [], "b": []}
    rss = {"a": [], "b": []}
    ratios, cpu_ratios = [], []
    for i in range(runs):
        order = ("a", "b") if i % 2 == 0 else ("b", "a")
        got = {}
        for tag in order:
            w, r, _, c = run_timed(argv(opt_a if tag == "a" else opt_b))
            got[tag] = (w, c)
            walls[tag].append(w)
            cpus[tag].append(c)
            rss[tag].append(r)
        ratios.append(got["b"][0] / got["a"][0])
        cpu_ratios.append(got["b"][1] / got["a"][1])
    span = lambda v, k=1.0: "%.3f (%.3f-%.3f)" % (
        statistics.median(v) / k, min(v) / k, max(v) / k)
    lines = ["| build | wall s (range) | CPU s, all threads (range) "
             "| peak RSS MB (range) |", "|---|---|---|---|"]
    for tag, opt in (("a", opt_a), ("b", opt_b)):
        lines.append("| %s: %s | %s | %s | %.0f (%.0f-%.0f) |" % (
            tag.upper(), os.path.dirname(os.path.dirname(opt)),
            span(walls[tag]), span(cpus[tag]),
            statistics.median(rss[tag]) / 1e6, min(rss[tag]) / 1e6,
            max(rss[tag]) / 1e6))
    lines.append("| B / A, per pair | %s | %s | |" % (span(ratios),
                                                       span(cpu_ratios)))
    return lines, statistics.median(ratios)


def write_table(lines, output):
    """Prints the Markdown lines, and writes them to output if given."""
    text = "\n".join(lines) + "\n"
    print()
    print(text, end="")
    if output:
        with open(output, "w") as f:
            f.write(text)


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
    p.add_argument("--ab-build", help="also compare with the dsocr-opt of "
                   "this build folder (B) in paired runs")
    p.add_argument("--ab-size", default="100M")
    p.add_argument("--ab-runs", type=int, default=11)
    args = p.parse_args()

    opt = os.path.join(args.build_dir, "bin", "dsocr-opt")
    gen = os.path.join(args.build_dir, "bin", "dsocr-tracegen")
    opt_b = (os.path.join(args.ab_build, "bin", "dsocr-opt")
             if args.ab_build else None)
    for tool in (opt, gen) + ((opt_b,) if opt_b else ()):
        if not os.access(tool, os.X_OK):
            sys.exit("bench: %s not found: build first" % tool)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    work = args.work_dir or tempfile.mkdtemp(prefix="dsocr-bench-")
    os.makedirs(work, exist_ok=True)

    rows, results, ab_lines = [], {}, []
    try:
        if opt_b:
            size = parse_size(args.ab_size)
            trace = os.path.join(work, "ab-trace.json")
            subprocess.run([gen, "-model=" + args.model,
                            "-target-size=%d" % size, "-o", trace],
                           check=True, stderr=subprocess.DEVNULL)
            ab_lines, ratio = ab_compare(opt, opt_b, trace, work,
                                         args.ab_runs)
            ab_lines = [
                "A/B: dsocr-opt TRACE -output-dir OUT -render-svg=false on "
                "dsocr-tracegen -model=%s -target-size=%s (%.1f MB); %d "
                "pairs, alternating which runs first, after one run of "
                "each (identical outputs)." % (
                    args.model, args.ab_size, os.path.getsize(trace) / 1e6,
                    args.ab_runs), ""] + ab_lines
            print("\n".join(ab_lines), flush=True)
            os.remove(trace)
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

    lines = ["Machine: %s." % machine(), ""]
    if ab_lines:
        lines += ab_lines + [""]
    if not sizes:
        write_table(lines, args.output)
        return 0
    lines += [
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
    write_table(lines, args.output)
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
