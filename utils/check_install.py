#!/usr/bin/env python3
"""Checks an installed dsocr-opt (docs/Install.md): the ctest test
`install`, and .ci/run on the installed Debian package.

    utils/check_install.py --build BUILD [--prefix P] [--generator G]
    utils/check_install.py --deb PACKAGE.deb [--generator G]
    utils/check_install.py --installed P [--generator G]

With --build, installs BUILD into the prefix P (a fresh temporary folder
by default, removed after) with `cmake --install`. With --deb, checks the
package's fields and files (dpkg-deb), then installs it with dpkg into a
throwaway root (its own dpkg database; the dependencies are this
machine's, so they are not checked there) and checks the tree under its
/usr. With --installed, checks what is already in P (/usr, after
apt install ./PACKAGE.deb). Then, from a folder outside the source tree and
with the tools found in P only:

 1. the tree holds the tools, the tracer and its Python package, the
    profiles and model descriptions, the headers, the libraries and the
    CMake package;
 2. dsocr-tracegen writes a trace and dsocr-opt groups it, with a built-in
    profile and with the installed profile file, into a report (JSON,
    Markdown, DOT, Mermaid, CSV, HTML); dsocr-tracegen reads an installed
    model description; dsocr-diff compares two generated traces (the
    encoders called once and twice: exit 1, `parfor 1` -> `parfor 2`) and
    a trace with itself (exit 0);
 3. dsocr-trace runs from the prefix and imports the installed dsocr_trace
    package; with a Python that imports torch (/usr/bin/python3 with
    Debian's python3-torch) it traces a small model, and dsocr-opt reads
    the trace into a report, which headless Chromium, when there is one,
    opens and renders;
 4. examples/standalone, an out-of-tree project, finds the CMake package
    (find_package(dsocr)), builds, and prints for a trace what dsocr-opt
    prints for it: the same IR after the same pipeline, the same outline.
Prints what it checked; exits non-zero at the first failure.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

TINY_MODEL = '''import torch
from torch import nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        return torch.relu(self.fc(x))


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList(Block() for _ in range(3))
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        return self.head(x)


model = Tiny
inputs = lambda m: torch.randn(2, 8)
'''


class Failure(Exception):
    pass


# The tools must work without the source tree: nothing of it on the path.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def run(cmd, cwd, **kw):
    kw.setdefault("env", ENV)
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    r = subprocess.run(cmd, cwd=cwd, text=True, **kw)
    if r.returncode != 0:
        raise Failure("%s failed (exit %d):\n%s%s" % (
            " ".join(cmd), r.returncode, r.stdout or "", r.stderr or ""))
    return r.stdout


def expect(condition, what):
    if not condition:
        raise Failure(what)


def step(text):
    print("check_install: " + text)
    sys.stdout.flush()


def check_tree(prefix, libdir):
    expected = [
        "bin/dsocr-opt", "bin/dsocr-tracegen", "bin/dsocr-diff",
        "bin/dsocr-trace",
        "lib/dsocr-opt/python/dsocr_trace/__init__.py",
        "lib/dsocr-opt/python/dsocr_trace/cli.py",
        "share/dsocr-opt/profiles/deepseek-ocr.json",
        "share/dsocr-opt/profiles/generic.json",
        "share/dsocr-opt/models/deepseek-ocr.json",
        "share/dsocr-opt/models/resnet50.json",
        "include/dsocr/Passes/PassManager.h",
        "include/dsocr/Passes/Passes.def",
        "include/dsocr/Support/Version.h",
        "include/dsocr/Diff/Differ.h",
        "share/doc/dsocr-opt/README.md",
        "share/doc/dsocr-opt/docs/Install.md",
        libdir + "/cmake/dsocr/dsocrConfig.cmake",
        libdir + "/cmake/dsocr/dsocrConfigVersion.cmake",
        libdir + "/cmake/dsocr/dsocrTargets.cmake",
    ] + [libdir + "/libdsocr%s.a" % lib for lib in (
        "Support", "IR", "Profile", "Trace", "Passes", "Emit", "Driver",
        "Diff", "TraceGen")]
    missing = [p for p in expected
               if not os.path.exists(os.path.join(prefix, p))]
    expect(not missing, "not installed: " + ", ".join(missing))
    for tool in ("dsocr-opt", "dsocr-tracegen", "dsocr-diff", "dsocr-trace"):
        expect(os.access(os.path.join(prefix, "bin", tool), os.X_OK),
               "bin/%s is not executable" % tool)
    leaked = [p for p in ("include/dsocr/Support/Version.h.in",)
              if os.path.exists(os.path.join(prefix, p))]
    expect(not leaked, "installed by mistake: " + ", ".join(leaked))
    step("the tree holds the tools, the tracer, the data, the headers, "
         "the libraries and the CMake package")


def check_tools(prefix, work):
    bin_ = os.path.join(prefix, "bin")
    opt, gen = os.path.join(bin_, "dsocr-opt"), os.path.join(bin_, "dsocr-tracegen")
    share = os.path.join(prefix, "share", "dsocr-opt")
    version = run([opt, "--version"], work)
    expect("dsocr-opt" in version, "dsocr-opt --version: " + version)
    run([gen, "-o", "trace.json"], work)
    run([opt, "trace.json", "-output-dir", "report"], work)
    for ext in ("json", "md", "dot", "mmd", "csv", "html"):
        expect(os.path.exists(os.path.join(
            work, "report", "dsocr-call-graph-grouped." + ext)),
            "the report has no ." + ext)
    md = open(os.path.join(work, "report", "dsocr-call-graph-grouped.md"),
              encoding="utf-8").read()
    expect("DeepseekV2DecoderLayer @ layers.[0-11]" in md and "for 12" in md,
           "the installed dsocr-opt did not fold the decoder layers")
    html = open(os.path.join(work, "report", "dsocr-call-graph-grouped.html"),
                encoding="utf-8").read()
    expect('id="dsocr-data"' in html and "</html>" in html,
           "the HTML report is not a whole page")
    by_name = run([opt, "trace.json", "-profile=generic", "-emit=md"], work)
    by_file = run([opt, "trace.json", "-profile=" + os.path.join(
        share, "profiles", "generic.json"), "-emit=md"], work)
    expect(by_name == by_file,
           "the installed generic.json groups otherwise than the built-in one")
    run([gen, "-model=" + os.path.join(share, "models", "resnet50.json"),
         "-o", "resnet50.json"], work)
    run([opt, "resnet50.json", "-profile=generic", "-emit=md"], work)
    step("the installed dsocr-tracegen and dsocr-opt work from %s: a report "
         "with every format, the installed profile and model files" % work)
    check_diff(prefix, work)


def check_diff(prefix, work):
    bin_ = os.path.join(prefix, "bin")
    diff, gen = os.path.join(bin_, "dsocr-diff"), os.path.join(bin_, "dsocr-tracegen")
    version = run([diff, "--version"], work)
    expect("dsocr-diff" in version, "dsocr-diff --version: " + version)
    run([gen, "-metadata", "-events", "-crops=1", "-o", "once.json"], work)
    run([gen, "-metadata", "-events", "-o", "twice.json"], work)
    # Exit 1: the two differ (run() takes only 0).
    r = subprocess.run([diff, "once.json", "twice.json"], cwd=work, env=ENV,
                       text=True, capture_output=True)
    expect(r.returncode == 1,
           "dsocr-diff of two different traces exited %d:\n%s%s" % (
               r.returncode, r.stdout, r.stderr))
    expect("### `ImageEncoderViT @ sam_model`" in r.stdout and
           "* loop: `parfor 1` -> `parfor 2`" in r.stdout and
           "`[4,3,640,640] bfloat16 -> [4,1024,10,10] bfloat16`" in r.stdout,
           "dsocr-diff did not report the encoders' loop and shapes:\n" +
           r.stdout)
    same = run([diff, "twice.json", "twice.json", "-format=json"], work)
    expect('"equal": true' in same, "dsocr-diff of a trace with itself: " + same)
    step("the installed dsocr-diff compared two generated traces (the "
         "encoders' parfor 1 -> parfor 2, exit 1) and a trace with itself "
         "(exit 0)")


def torch_python():
    for py in ("/usr/bin/python3", shutil.which("python3")):
        if py and subprocess.run([py, "-c", "import torch"],
                                 capture_output=True).returncode == 0:
            return py
    return None


def check_tracer(prefix, work):
    trace = os.path.join(prefix, "bin", "dsocr-trace")
    usage = run([trace, "--help"], work)
    expect("usage" in usage.lower(), "dsocr-trace --help: " + usage)
    # The launcher must use the installed package, not a source tree's: run
    # its search (the code before the import) and import as it would.
    probe = ("import sys\n"
             "t = sys.argv[1]\n"
             "src = open(t).read().split('from dsocr_trace.cli')[0]\n"
             "exec(src, {'__file__': t, '__name__': 'probe'})\n"
             "import dsocr_trace\n"
             "print(dsocr_trace.__file__)\n")
    where = run([sys.executable, "-c", probe, trace], work)
    expect(os.path.realpath(where.strip()).startswith(os.path.realpath(prefix)),
           "dsocr-trace imports dsocr_trace from %s, not from the prefix"
           % where.strip())
    py = torch_python()
    if not py:
        step("dsocr-trace runs from the prefix with its installed package; "
             "no Python imports torch here, so it traced nothing")
        return
    with open(os.path.join(work, "tiny.py"), "w") as f:
        f.write(TINY_MODEL)
    run([py, trace, "tiny.py", "-o", "tiny.json"], work)
    opt = os.path.join(prefix, "bin", "dsocr-opt")
    md = run([opt, "tiny.json", "-profile=generic", "-emit=md"], work)
    expect("Block @ blocks.[0-2]" in md and "for 3" in md,
           "the traced model did not group: " + md)
    run([opt, "tiny.json", "-profile=generic", "-output-dir", "tiny"], work)
    step("the installed dsocr-trace traced a model (%s) and dsocr-opt "
         "grouped it: Block @ blocks.[0-2] for 3" % py)
    page = os.path.join(work, "tiny", "dsocr-call-graph-grouped.html")
    headless = os.path.join(SOURCE, "utils", "headless_chromium.py")
    if subprocess.run([sys.executable, headless, "--find"],
                      capture_output=True).returncode != 0:
        step("no Chromium here: the report was not opened")
        return
    dom = run([sys.executable, headless, "--dump-dom",
               "--virtual-time-budget=10000", "file://" + page + "#search=Block"],
              work)
    expect("data-ready-ms=" in dom and 'id="banner" hidden' in dom and
           'data-address="blocks.[0-2]"' in dom,
           "the report of the traced model did not render")
    step("headless Chromium opened its HTML report and found blocks.[0-2]")


def check_consumer(prefix, work, args):
    build = os.path.join(work, "standalone-build")
    cmd = ["cmake", "-S", os.path.join(SOURCE, "examples", "standalone"),
           "-B", build, "-DCMAKE_PREFIX_PATH=" + prefix,
           "-DCMAKE_BUILD_TYPE=Release"]
    if args.generator:
        cmd += ["-G", args.generator]
    if args.c_compiler:
        cmd += ["-DCMAKE_C_COMPILER=" + args.c_compiler]
    if args.cxx_compiler:
        cmd += ["-DCMAKE_CXX_COMPILER=" + args.cxx_compiler]
    configure = run(cmd, work)
    expect("Using dsocr " in configure, "find_package(dsocr) said: " + configure)
    run(["cmake", "--build", build, "-j2"], work)
    tool = os.path.join(build, "dsocr-standalone")
    opt = os.path.join(prefix, "bin", "dsocr-opt")
    pipeline = "parse-edges,discover-families,fold-for"
    mine = run([tool, "trace.json", "generic", pipeline, "ir"], work)
    theirs = run([opt, "trace.json", "-profile=generic",
                  "-passes=" + pipeline, "-emit=ir"], work)
    expect(mine == theirs, "dsocr-standalone and dsocr-opt print different "
                           "IR after " + pipeline)
    mine = run([tool, "trace.json"], work)
    theirs = run([opt, "trace.json", "-emit=md"], work)
    expect(mine == theirs, "dsocr-standalone and dsocr-opt print different "
                           "outlines")
    step("examples/standalone found the CMake package, built against %s "
         "and printed what dsocr-opt prints" % prefix)


def check_deb(deb, tmp):
    """Checks the package's fields and files, installs it into a throwaway
    root and returns the root's /usr."""
    fields = dict(line.split(": ", 1) for line in run(
        ["dpkg-deb", "-f", deb, "Package", "Version", "Architecture",
         "Depends"], tmp).splitlines())
    expect(fields.get("Package") == "dsocr-opt",
           "package name %r" % fields.get("Package"))
    version = open(os.path.join(SOURCE, "CMakeLists.txt")).read().split(
        "project(dsocr-opt VERSION ")[1].split()[0]
    expect(fields.get("Version") == version,
           "package version %r, project %s" % (fields.get("Version"), version))
    depends = [d.split()[0] for d in fields.get("Depends", "").split(", ")]
    for dep in ("libboost-json1.81.0", "libstdc++6", "python3"):
        expect(dep in depends, "the package does not depend on " + dep)
    files = set(line.split()[-1] for line in run(
        ["dpkg-deb", "-c", deb], tmp).splitlines())
    for path in ("./usr/bin/dsocr-opt", "./usr/bin/dsocr-tracegen",
                 "./usr/bin/dsocr-diff", "./usr/lib/libdsocrDiff.a",
                 "./usr/bin/dsocr-trace",
                 "./usr/lib/dsocr-opt/python/dsocr_trace/cli.py",
                 "./usr/share/dsocr-opt/profiles/generic.json",
                 "./usr/share/dsocr-opt/models/resnet50.json",
                 "./usr/include/dsocr/Passes/PassManager.h",
                 "./usr/lib/libdsocrPasses.a",
                 "./usr/lib/cmake/dsocr/dsocrConfig.cmake"):
        expect(path in files, "the package has no " + path)
    stray = [f for f in files if not f.startswith("./usr/")]
    expect(stray == ["./"] or not stray, "files outside /usr: %s" % stray)
    step("%s: dsocr-opt %s, depends on %s; %d entries, all under /usr" % (
        os.path.basename(deb), version, fields["Depends"], len(files)))
    root = os.path.join(tmp, "root")
    for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates"):
        os.makedirs(os.path.join(root, d))
    open(os.path.join(root, "var/lib/dpkg/status"), "w").close()
    run(["dpkg", "--root=" + root, "--force-depends", "--force-not-root",
         "-i", deb], tmp)
    status = run(["dpkg", "--root=" + root, "-s", "dsocr-opt"], tmp)
    expect("Status: install ok installed" in status, "dpkg -s: " + status)
    step("dpkg installed it into the throwaway root " + root)
    return os.path.join(root, "usr")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", help="the build folder to install")
    p.add_argument("--installed", help="check this prefix, already installed")
    p.add_argument("--deb", help="check this Debian package")
    p.add_argument("--prefix", help="install here (default: a temporary folder)")
    p.add_argument("--generator", help="CMake generator for the consumer")
    p.add_argument("--c-compiler", help="C compiler for the consumer")
    p.add_argument("--cxx-compiler", help="C++ compiler for the consumer "
                   "(that of the build: a sanitizer build's libraries need it)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = p.parse_args()
    if sum(bool(a) for a in (args.build, args.installed, args.deb)) != 1:
        p.error("give one of --build, --deb and --installed")
    tmp = tempfile.mkdtemp(prefix="dsocr-install-")
    try:
        if args.build:
            prefix = os.path.abspath(args.prefix or os.path.join(tmp, "prefix"))
            run(["cmake", "--install", os.path.abspath(args.build),
                 "--prefix", prefix], tmp)
            step("installed %s into %s" % (args.build, prefix))
        elif args.deb:
            prefix = check_deb(os.path.abspath(args.deb), tmp)
        else:
            prefix = os.path.abspath(args.installed)
        libdir = "lib"
        if not os.path.exists(os.path.join(prefix, libdir, "cmake", "dsocr")):
            for cand in ("lib64", "lib/x86_64-linux-gnu"):
                if os.path.exists(os.path.join(prefix, cand, "cmake", "dsocr")):
                    libdir = cand
        work = os.path.join(tmp, "work")
        os.makedirs(work)
        check_tree(prefix, libdir)
        check_tools(prefix, work)
        check_tracer(prefix, work)
        check_consumer(prefix, work, args)
    except Failure as e:
        print("check_install: error: %s" % e, file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print("check_install: kept " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
