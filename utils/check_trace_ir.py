#!/usr/bin/env python3
"""Checks the IR that parse-edges printed against the trace it came from.

Usage: check_trace_ir.py TRACE.json TREE.ir

Asserts that every module with a call count appears in the IR as a `module`
line with that count, that the root's children are exactly the called
modules without a dynamic parent (no edge into them), and that every module
entered by an edge is called exactly as often as its caller per call (the
trace's edges never mean repeated calls). Exits non-zero with a message on
the first mismatch.
"""
import json
import re
import sys


def main():
    trace_path, ir_path = sys.argv[1], sys.argv[2]
    with open(trace_path) as f:
        trace = json.load(f)
    calls = trace["call_counts"]
    callee_of = {}
    for key in trace["edges"]:
        caller, callee = key.split("->")
        callee_of.setdefault(callee, []).append(caller)

    line_re = re.compile(r'^( *)module "((?:[^"\\]|\\.)*)" : "[^"]*" calls=(\d+)'
                         r'(?: per_call=(\S+))?')
    seen = {}
    top = []
    with open(ir_path) as f:
        for line in f:
            m = line_re.match(line)
            if not m:
                continue
            indent, addr, n, per_call = m.groups()
            seen[addr] = (int(n), per_call)
            if len(indent) == 2:
                top.append(addr)

    problems = []
    for addr, n in calls.items():
        if n == 0:
            continue
        if addr not in seen:
            problems.append(f"module {addr!r} (calls={n}) is missing from the IR")
        elif seen[addr][0] != n:
            problems.append(f"module {addr!r} has calls={seen[addr][0]} in the IR, "
                            f"{n} in the trace")
    expected_top = sorted(a for a, n in calls.items() if n > 0 and a not in callee_of)
    if sorted(a for a in top if calls.get(a, 0) > 0) != expected_top:
        problems.append(f"root children {sorted(top)} != modules without a caller "
                        f"{expected_top}")
    for callee, callers in callee_of.items():
        if len(callers) == 1 and calls[callee] == calls[callers[0]]:
            if seen.get(callee, (0, None))[1] != "1":
                problems.append(f"{callee!r} should have per_call=1")
    if problems:
        for p in problems[:20]:
            print("check_trace_ir: " + p, file=sys.stderr)
        sys.exit(1)
    print(f"check_trace_ir: {len(calls)} call counts, {len(top)} root children: OK")


if __name__ == "__main__":
    main()
