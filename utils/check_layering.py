#!/usr/bin/env python3
"""Checks the layering of the libraries (docs/Design.md, docs/Testing.md).

The allowed dependency graph is LAYERS below. The check fails when
  * a library's CMake target links a dsocr library that LAYERS does not
    list as its dependency (or omits one that it lists), or
  * a file of a library (lib/<L>/, include/dsocr/<L>/), of a tool or of a
    unit-test suite includes a dsocr header of a library that is not the
    file's own library or one of its dependencies, direct or not.
Run by ctest (the test `layering`) and by .ci/run:
    utils/check_layering.py [source-dir]
"""

import os
import re
import sys

# Each library and the libraries it may use directly. Support <- IR <-
# {Trace, Emit}; Support <- Profile; {IR, Profile} <- Passes; all of them
# <- Driver <- Diff (dsocr-diff reads and groups as dsocr-opt does).
# TraceGen stands apart: it uses Support only.
LAYERS = {
    "Support": [],
    "IR": ["Support"],
    "Trace": ["IR"],
    "Profile": ["Support"],
    "Passes": ["IR", "Profile"],
    "Emit": ["IR"],
    "Driver": ["Trace", "Passes", "Emit", "Profile"],
    "Diff": ["Driver"],
    "TraceGen": ["Support"],
}

# Folders outside lib/ and the libraries their files may use.
CLIENTS = {
    "tools/dsocr-opt": ["Driver"],
    "tools/dsocr-tracegen": ["TraceGen"],
    "tools/dsocr-diff": ["Diff"],
    "unittests/Support": ["Support"],
    "unittests/IR": ["IR"],
    "unittests/Trace": ["Trace"],
    # The passes are tested on traces: the reader makes their inputs.
    "unittests/Passes": ["Passes", "Trace"],
    # The generator's property test reads what it writes and runs the
    # pipeline on it.
    "unittests/TraceGen": ["TraceGen", "Trace", "Passes"],
    "unittests/Diff": ["Diff"],
    # The out-of-tree example of the installed CMake package.
    "examples/standalone": ["Trace", "Passes", "Emit", "Profile"],
}

# Shared test helpers: what they may include (a suite that calls a helper
# beyond its own library fails to link, as each suite links only its own).
HELPERS = {
    "unittests/TestUtil.h": ["Passes", "Trace"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"dsocr/([A-Za-z]+)/[^"]+"', re.M)
LINK = re.compile(r"target_link_libraries\(\s*dsocr(\w+)\s+PUBLIC\s+([^)]*)\)")


def closure(libs):
    seen = set()
    todo = list(libs)
    while todo:
        lib = todo.pop()
        if lib not in seen:
            seen.add(lib)
            todo.extend(LAYERS[lib])
    return seen


def sources(folder):
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith((".h", ".cpp", ".def", ".inc")):
                yield os.path.join(root, name)


def check_includes(src, path, allowed, problems):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for m in INCLUDE.finditer(text):
        lib = m.group(1)
        if lib not in allowed:
            line = text.count("\n", 0, m.start()) + 1
            rel = os.path.relpath(path, src)
            problems.append(
                f"{rel}:{line}: includes a header of {lib}, which is not "
                f"among its libraries ({', '.join(sorted(allowed))})")


def check_links(src, problems):
    for lib, deps in LAYERS.items():
        cmake = os.path.join(src, "lib", lib, "CMakeLists.txt")
        with open(cmake, encoding="utf-8") as f:
            text = f.read()
        linked = set()
        for m in LINK.finditer(text):
            if m.group(1) == lib:
                linked |= {w[len("dsocr"):] for w in m.group(2).split()
                           if w.startswith("dsocr")}
        if linked != set(deps):
            problems.append(
                f"lib/{lib}/CMakeLists.txt: dsocr{lib} links "
                f"{sorted(linked)}, but its layer allows exactly "
                f"{sorted(deps)} (utils/check_layering.py)")


def main():
    src = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                          os.path.join(os.path.dirname(__file__), ".."))
    problems = []
    check_links(src, problems)
    for lib in LAYERS:
        allowed = closure([lib])
        for folder in (os.path.join(src, "lib", lib),
                       os.path.join(src, "include", "dsocr", lib)):
            for path in sources(folder):
                check_includes(src, path, allowed, problems)
    for folder, libs in CLIENTS.items():
        allowed = closure(libs)
        for path in sources(os.path.join(src, folder)):
            check_includes(src, path, allowed, problems)
    for helper, libs in HELPERS.items():
        if os.path.exists(os.path.join(src, helper)):
            check_includes(src, os.path.join(src, helper), closure(libs),
                           problems)
    known = set(LAYERS) | {"Driver"}
    for name in os.listdir(os.path.join(src, "lib")):
        if os.path.isdir(os.path.join(src, "lib", name)) and name not in known:
            problems.append(f"lib/{name}: a library that LAYERS does not name")
    for p in problems:
        print(p)
    print(f"layering: {len(problems)} problem(s) in "
          f"{len(LAYERS)} libraries")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
