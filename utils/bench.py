#!/usr/bin/env python3
"""Whole-process benchmark of dsocr-opt (the tables in docs/Performance.md).

For each trace shape (--shapes) and size (--sizes, default 100 MB) it
generates a DeepSeek-OCR trace with dsocr-tracegen -target-size:

  generated  the default trace (depth-first sections, 64 experts a layer)
  column     1,280 experts a MoE layer, sections in column order
             (-order=column: every innermost list column by column, all
             experts' gate_proj, then all act_fn, ...)
  wide       the same 1,280-expert trace in depth-first order (not run by
             default: it separates the cost of the order from the shape)

then, in --runs rounds (the order within a round rotates), times

  ours    dsocr-opt TRACE -output-dir OUT -render-svg=false (the default
          pipeline, writing the JSON and Markdown reports and the DOT and
          Mermaid pictures)
  python  python3 -c "import json; json.load(open(TRACE))"
  floor   dsocr-parse-floor TRACE: Boost.JSON basic_parser with a handler
          that does nothing, as a whole process (and, in process, the
          median of 5 runs; also the time to read the bytes)

after one untimed warm-up run of each. A table row gives medians and
ranges, MB/s, peak RSS (ru_maxrss) against 1.5 x input + 50 MB, the median
and range of the per-round ratios python/ours and ours/floor, and the CPU
time other processes used while the row ran (from /proc/stat, in cores:
above 0.25 the second core was busy and the row says so), with the steal
time and the load average. --linear adds the generated shape at 1 GB
(--linear-sizes) and checks that its MB/s is within 25% of that at 100 MB.
--real-trace FILE (default: the shared DeepSeek-OCR trace, when present)
times dsocr-opt FILE -emit=json -o /dev/null, process start included. The
targets of issue 16 are checked at the end; the exit code is 1 if one is
missed.

With --ab-build DIR it also compares two builds on one generated trace
(--ab-size, default 100 MB, of --ab-shape, default generated): the build
of --build-dir (A) and the one in DIR (B, say configured with
-DDSOCR_HUGE_PAGE_ARENAS=OFF, or a build of main) each run the same command --ab-runs times in pairs, alternating which of the two goes
first; the table gives each one's median wall time and peak RSS (ranges in
brackets) and the median of the per-pair ratios B/A. The two must write
identical outputs. `--shapes=` (empty) runs the A/B comparison alone.

Usage: utils/bench.py [--build-dir build] [--opt PATH] [--tracegen PATH]
                      [--shapes generated,column] [--sizes 100M]
                      [--runs 7] [--linear [--linear-sizes 1G]]
                      [--work-dir DIR] [--real-trace FILE] [-o table.md]
                      [--ab-build DIR [--ab-size 100M] [--ab-shape S]
                       [--ab-runs 11]]
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


# --- Shapes, and what else ran on the machine --------------------------------

SHAPES = {
    "generated": [],
    "column": ["-experts=1280", "-order=column"],
    "wide": ["-experts=1280"],
}

# The real DeepSeek-OCR trace, where the shared folder has it.
DEFAULT_REAL_TRACE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
    "traces", "deepseek-ocr", "dsocr-call-graph-torchlens.json")


def cpu_jiffies():
    """(busy, steal) clock ticks of all CPUs so far, from /proc/stat; None
    where there is none."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...
    busy = sum(fields[:3]) + sum(fields[5:7])
    steal = fields[7] if len(fields) > 7 else 0
    return busy, steal


class Load:
    """CPU time the machine spent outside the timed processes while a row
    ran: add() each timed run, then other_cores() is that time over the
    row's wall time (1.0: a whole core busy with something else)."""

    def __init__(self):
        self.tick = os.sysconf("SC_CLK_TCK")
        self.wall = self.ours = 0.0
        self.busy = self.steal = 0
        self.known = True

    def run(self, argv):
        before = cpu_jiffies()
        result = run_timed(argv)
        after = cpu_jiffies()
        if before is None or after is None:
            self.known = False
        else:
            self.busy += after[0] - before[0]
            self.steal += after[1] - before[1]
        self.wall += result[0]
        self.ours += result[3]
        return result

    def other_cores(self):
        if not self.known or self.wall <= 0:
            return None
        return max(0.0, self.busy / self.tick - self.ours) / self.wall

    def steal_cores(self):
        return self.steal / self.tick / self.wall if self.wall > 0 else 0.0


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def span(values, scale=1.0, fmt="%.3f"):
    """`median (min-max)` of values / scale."""
    return (fmt + " (" + fmt + "-" + fmt + ")") % (
        statistics.median(values) / scale, min(values) / scale,
        max(values) / scale)


def floor_in_process(floor, trace, mode, repeat=5):
    """Median seconds of dsocr-parse-floor -mode=MODE in process."""
    out = subprocess.run([floor, trace, "-mode=" + mode,
                          "-repeat=%d" % repeat], check=True,
                         capture_output=True, text=True).stdout
    return statistics.median(float(x) for x in out.split())


def measure_row(tools, trace, work, runs):
    """Warm-up, then `runs` rounds of ours / python / floor (rotating which
    goes first): a dict of the figures of one table row."""
    opt, floor = tools["opt"], tools["floor"]
    out_dir = os.path.join(work, "out")
    ours = [opt, trace, "-output-dir", out_dir, "-render-svg=false"]
    py = [sys.executable, "-c", "import json; json.load(open(%r))" % trace]
    fl = [floor, trace]
    stats = run_timed(ours + ["-stats"])[2]
    run_timed(py)
    run_timed(fl)
    load, load_start = Load(), loadavg()
    got = {"ours": [], "python": [], "floor": [], "rss": []}
    ratios, floor_ratios = [], []
    names = ["ours", "python", "floor"]
    for i in range(runs):
        order = names[i % 3:] + names[:i % 3]
        this = {}
        for name in order:
            argv = {"ours": ours, "python": py, "floor": fl}[name]
            wall, rss, _, _ = load.run(argv)
            this[name] = wall
            got[name].append(wall)
            if name == "ours":
                got["rss"].append(rss)
        ratios.append(this["python"] / this["ours"])
        floor_ratios.append(this["ours"] / this["floor"])
    shutil.rmtree(out_dir, ignore_errors=True)
    nbytes = os.path.getsize(trace)
    return dict(bytes=nbytes, modules=modules_in_stats(stats), runs=runs,
                ours=got["ours"], python=got["python"], floor=got["floor"],
                rss=max(got["rss"]), budget=1.5 * nbytes + 50e6,
                ratio=ratios, floor_ratio=floor_ratios,
                parse_in=floor_in_process(floor, trace, "parse"),
                read_in=floor_in_process(floor, trace, "read"),
                other=load.other_cores(), steal=load.steal_cores(),
                load=(load_start, loadavg()),
                mbs=nbytes / 1e6 / statistics.median(got["ours"]))


def row_line(shape, size, r):
    other = r["other"]
    busy = ("?" if other is None else "%.2f%s" % (
        other, " **busy**" if other > 0.25 else ""))
    return ("| %s | %s | %.1f | %s | %s | %.0f | %s | %s | %s | %.3f / %.3f "
            "| %s | %.0f (%.0f) | %s, steal %.2f, load %.1f-%.1f |" % (
                shape, size_label(size), r["bytes"] / 1e6,
                r["modules"] if r["modules"] is not None else "?",
                span(r["ours"]), r["mbs"], span(r["python"]),
                span(r["ratio"], fmt="%.1f"), span(r["floor"]),
                r["parse_in"], r["read_in"], span(r["floor_ratio"],
                                                  fmt="%.2f"),
                r["rss"] / 1e6, r["budget"] / 1e6, busy, r["steal"],
                r["load"][0], r["load"][1]))


TABLE_HEAD = [
    "| shape | size | MB | modules | ours s (range) | MB/s | python json.load "
    "s (range) | python / ours, per round | parse floor, process s (range) "
    "| parse / read floor in process s | ours / parse floor, per round "
    "| peak RSS MB (budget) | other CPU, cores |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
]


def real_trace_row(opt, trace, runs):
    load = Load()
    argv = [opt, trace, "-o", os.devnull, "-emit=json"]
    run_timed(argv)
    walls = [load.run(argv)[0] for _ in range(runs)]
    return walls, load.other_cores()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", default="build")
    p.add_argument("--opt", help="the dsocr-opt to time (default: in "
                   "--build-dir)")
    p.add_argument("--tracegen", help="the dsocr-tracegen that writes the "
                   "traces (default: in --build-dir)")
    p.add_argument("--parse-floor", help="the dsocr-parse-floor (default: "
                   "in --build-dir)")
    p.add_argument("--shapes", default="generated,column",
                   help="of " + ", ".join(SHAPES))
    p.add_argument("--sizes", default="100M")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--linear", action="store_true",
                   help="also the generated shape at --linear-sizes")
    p.add_argument("--linear-sizes", default="1G")
    p.add_argument("--work-dir", help="where traces go (default: a temporary "
                   "directory, removed afterwards)")
    p.add_argument("--model", default="deepseek-ocr")
    p.add_argument("--real-trace", default=DEFAULT_REAL_TRACE,
                   help="also time this trace when it exists (the real "
                   "DeepSeek-OCR trace: target under 10 ms); '' for none")
    p.add_argument("-o", "--output", help="write the Markdown table here too")
    p.add_argument("--ab-build", help="also compare with the dsocr-opt of "
                   "this build folder (B) in paired runs")
    p.add_argument("--ab-size", default="100M")
    p.add_argument("--ab-shape", default="generated", choices=list(SHAPES))
    p.add_argument("--ab-runs", type=int, default=11)
    args = p.parse_args()

    bindir = os.path.join(args.build_dir, "bin")
    tools = {"opt": args.opt or os.path.join(bindir, "dsocr-opt"),
             "gen": args.tracegen or os.path.join(bindir, "dsocr-tracegen"),
             "floor": args.parse_floor or os.path.join(bindir,
                                                       "dsocr-parse-floor")}
    opt_b = (os.path.join(args.ab_build, "bin", "dsocr-opt")
             if args.ab_build else None)
    for tool in list(tools.values()) + ([opt_b] if opt_b else []):
        if not os.access(tool, os.X_OK):
            sys.exit("bench: %s not found: build first" % tool)
    shapes = [s for s in args.shapes.split(",") if s]
    for shape in shapes:
        if shape not in SHAPES:
            sys.exit("bench: unknown shape '%s' (%s)" % (shape,
                                                       ", ".join(SHAPES)))
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    plan = [(shape, size) for shape in shapes for size in sizes]
    if args.linear:
        plan += [("generated", parse_size(s))
                 for s in args.linear_sizes.split(",") if s]
    work = args.work_dir or tempfile.mkdtemp(prefix="dsocr-bench-")
    os.makedirs(work, exist_ok=True)
    gen = tools["gen"]

    rows, results, ab_lines = [], {}, []
    try:
        if opt_b:
            size = parse_size(args.ab_size)
            trace = os.path.join(work, "ab-trace.json")
            subprocess.run([gen, "-model=" + args.model,
                            "-target-size=%d" % size, "-o", trace] +
                           SHAPES[args.ab_shape], check=True,
                           stderr=subprocess.DEVNULL)
            ab_lines, ratio = ab_compare(tools["opt"], opt_b, trace, work,
                                         args.ab_runs)
            ab_lines = [
                "A/B: dsocr-opt TRACE -output-dir OUT -render-svg=false on "
                "dsocr-tracegen -model=%s -target-size=%s%s (%.1f MB); %d "
                "pairs, alternating which runs first, after one run of "
                "each (identical outputs)." % (
                    args.model, args.ab_size,
                    "".join(" " + a for a in SHAPES[args.ab_shape]),
                    os.path.getsize(trace) / 1e6, args.ab_runs), ""] + ab_lines
            print("\n".join(ab_lines), file=sys.stderr, flush=True)
            os.remove(trace)
        if plan:
            print("\n".join(TABLE_HEAD), file=sys.stderr, flush=True)
        for shape, size in plan:
            if (shape, size) in results:
                continue
            trace = os.path.join(work, "trace-%s-%s.json" % (
                shape, size_label(size).replace(" ", "")))
            subprocess.run([gen, "-model=" + args.model,
                            "-target-size=%d" % size, "-o", trace] +
                           SHAPES[shape], check=True,
                           stderr=subprocess.DEVNULL)
            r = measure_row(tools, trace, work, args.runs)
            results[(shape, size)] = r
            rows.append(row_line(shape, size, r))
            print(rows[-1], file=sys.stderr, flush=True)
            os.remove(trace)
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)

    lines = ["Machine: %s." % machine(), ""]
    if ab_lines:
        lines += ab_lines + [""]
    checks = []
    if plan:
        lines += [
            "Traces: dsocr-tracegen -model=%s -target-size=SIZE plus, per "
            "shape, %s. ours: dsocr-opt TRACE -output-dir OUT "
            "-render-svg=false; python: json.load; parse floor: "
            "dsocr-parse-floor TRACE. %d rounds after a warm-up; medians, "
            "ranges in brackets; ratios are medians of the per-round "
            "ratios." % (args.model, "; ".join(
                "%s: %s" % (s, " ".join(SHAPES[s]) or "nothing")
                for s in shapes), args.runs),
            ""] + TABLE_HEAD + rows
        for (shape, size), r in sorted(results.items()):
            name = "%s %s" % (shape, size_label(size))
            if size >= 100 << 20:
                checks.append(("%s: at most 1/8 of json.load" % name,
                               statistics.median(r["ratio"]) >= 8,
                               "%sx" % span(r["ratio"], fmt="%.1f")))
                checks.append(("%s: at most 3x the parse floor (process)"
                               % name, statistics.median(r["floor_ratio"])
                               <= 3, "%sx" % span(r["floor_ratio"],
                                                  fmt="%.2f")))
            checks.append(("%s: peak RSS within 1.5 x input + 50 MB" % name,
                           r["rss"] <= r["budget"],
                           "%.0f MB of %.0f MB" % (r["rss"] / 1e6,
                                                    r["budget"] / 1e6)))
        big = sorted(size for shape, size in results
                     if shape == "generated" and size > 100 << 20)
        if big and ("generated", 100 << 20) in results:
            top = results[("generated", big[-1])]
            ratio = top["mbs"] / results[("generated", 100 << 20)]["mbs"]
            checks.append(("linear: MB/s at %s within 25%% of 100 MB"
                           % size_label(big[-1]), ratio >= 0.75,
                           "%.0f%%" % (100 * ratio)))
    if args.real_trace and os.path.exists(args.real_trace):
        walls, other = real_trace_row(tools["opt"], args.real_trace,
                                      max(args.runs, 20))
        med = statistics.median(walls)
        checks.append(("real trace %s under 10 ms (process start included)"
                       % os.path.basename(args.real_trace), med < 0.010,
                       "%s ms, other CPU %s cores" % (
                           span(walls, 1e-3, "%.1f"),
                           "?" if other is None else "%.2f" % other)))
    if checks:
        lines += ["", "| target | met | measured (median, range) |",
                  "|---|---|---|"]
        lines += ["| %s | %s | %s |" % (name, "yes" if ok else "**no**",
                                        value)
                  for name, ok, value in checks]
    write_table(lines, args.output)
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
