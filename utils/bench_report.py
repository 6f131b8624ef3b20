#!/usr/bin/env python3
"""Times how long the HTML report takes to become interactive in headless
Chromium, on generated traces of a given size (docs/Performance.md).

    utils/bench_report.py [--bin build/bin] [--sizes 25MB,100MB] [--runs 3]

For each size, dsocr-tracegen writes a DeepSeek-OCR trace of about that
many bytes (-target-size), and dsocr-opt writes two reports of it: the
grouped one (the default pipeline), and the unfolded call tree
(-passes=parse-edges), whose outline has a node per module, the worst case
for the page. Each report is opened --runs times; the page records, in the
DOM, the milliseconds from navigation start to the end of its start-up
(data parsed, first view built and laid out): the median is printed, with
the report's size and node count. The Chromium run's wall time is printed
too; on a large page most of it is --dump-dom serialising the document.
A benchmark, not a test: it checks no time.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def tree_nodes(page):
    """Nodes of the outline: the tree of the page's data, root excluded."""
    with open(page, encoding="utf-8") as f:
        m = re.search(r'<script type="application/json" id="dsocr-data">'
                      r'(.*?)</script>', f.read(), re.S)
    count, todo = 0, [json.loads(m.group(1))["tree"]]
    while todo:
        n = todo.pop()
        count += 1
        todo.extend(n.get("children", []))
    return count - 1


def ready_ms(page, runs):
    times, walls = [], []
    for _ in range(runs):
        start = time.monotonic()
        out = run([sys.executable, os.path.join(HERE, "headless_chromium.py"),
                   "--timeout", "600", "--dump-dom", "file://" + page],
                  stdout=subprocess.PIPE).stdout
        walls.append(time.monotonic() - start)
        m = re.search(rb'data-ready-ms="(\d+)"', out)
        if not m:
            sys.exit("bench_report: %s did not become interactive" % page)
        times.append(int(m.group(1)))
    return statistics.median(times), statistics.median(walls)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bin", default=os.path.join(HERE, "..", "build", "bin"))
    p.add_argument("--sizes", default="25MB,100MB")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    tracegen = os.path.join(args.bin, "dsocr-tracegen")
    opt = os.path.join(args.bin, "dsocr-opt")
    print("| trace | called modules | report | outline nodes | page "
          "| interactive (median) | chromium wall |")
    print("|---|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="dsocr-bench-report-") as tmp:
        for size in args.sizes.split(","):
            trace = os.path.join(tmp, "trace-%s.json" % size)
            run([tracegen, "-target-size=" + size, "-o", trace],
                stderr=subprocess.DEVNULL)
            with open(trace, encoding="utf-8") as f:
                modules = len(json.load(f)["call_counts"])
            for kind, extra in (("grouped", []),
                                ("unfolded", ["-passes=parse-edges"])):
                page = os.path.join(tmp, "%s-%s.html" % (kind, size))
                run([opt, trace, "-emit=html", "-render-svg=false", "-o",
                     page] + extra)
                nodes = tree_nodes(page)
                ms, wall = ready_ms(page, args.runs)
                print("| %s | %s | %s | %s | %.1f MB | %d ms | %.1f s |" % (
                    size, "{:,}".format(modules), kind, "{:,}".format(nodes),
                    os.path.getsize(page) / 1e6, ms, wall))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
