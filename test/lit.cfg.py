# -*- Python -*-
# lit configuration of the dsocr-opt test suite.

import os
import shutil
import subprocess
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "dsocr-opt"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)

# Tests are `.test` files (RUN lines with `#`) and `.ir` files (IR inputs with
# RUN lines in `//` comments).
config.suffixes = [".test", ".ir"]
config.excludes = ["Inputs", "CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dsocr_obj_root, "test")

llvm_config.with_system_environment(
    ["HOME", "TMPDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"])
# `not`, `count` and the tools under test are found on PATH, as in LLVM.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.dsocr_tools_dir, append_path=True)
# Diagnostics must not be coloured in tests.
config.environment["TERM"] = "dumb"

llvm_config.use_default_substitutions()  # FileCheck, not, count, split-file

tools = [ToolSubst("dsocr-opt", unresolved="fatal")]
tools.append(ToolSubst("dsocr-tracegen", unresolved="fatal"))
tools.append(ToolSubst("dsocr-diff", unresolved="fatal"))
llvm_config.add_tool_substitutions(tools, [config.dsocr_tools_dir])
llvm_config.add_tool_substitutions(
    [ToolSubst("split-file", unresolved="fatal")], [config.llvm_tools_dir])

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%dsocr_obj_root", config.dsocr_obj_root))
config.substitutions.append(("%utils", os.path.join(config.dsocr_src_root, "utils")))
# The traces generated at build time (traces/CMakeLists.txt).
config.substitutions.append(("%generated_traces", os.path.join(config.dsocr_obj_root, "traces")))

# The real DeepSeek-OCR trace, when the shared folder is present.
real = config.real_traces_dir
if real and os.path.isfile(os.path.join(real, "deepseek-ocr", "dsocr-call-graph-torchlens.json")):
    config.available_features.add("real-traces")
    config.substitutions.append(
        ("%deepseek_ocr_trace",
         os.path.join(real, "deepseek-ocr", "dsocr-call-graph-torchlens.json")))

# root reads files whatever their permissions.
if hasattr(os, "getuid") and os.getuid() != 0:
    config.available_features.add("non-root")

# Device nodes can be made (root with CAP_MKNOD, on a file system not
# mounted nodev): tests then write to a /dev/null and a /dev/full of their
# own instead of the machine's.
def can_make_devices():
    import stat
    import tempfile
    try:
        with tempfile.TemporaryDirectory(dir=config.dsocr_obj_root) as d:
            node = os.path.join(d, "null")
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            with open(node, "w") as f:
                f.write("x")
            return stat.S_ISCHR(os.lstat(node).st_mode)
    except OSError:
        return False

if can_make_devices():
    config.available_features.add("mknod")

# The Google Benchmark micro-benchmarks, when they are built.
if os.path.exists(os.path.join(config.dsocr_tools_dir, "dsocr-bench")):
    config.available_features.add("benchmarks")

if config.dot_executable and os.path.exists(config.dot_executable):
    config.available_features.add("graphviz")
    config.substitutions.append(("%dot", config.dot_executable))

# A Chromium for the HTML report's browser tests (test/emit-html/), run
# headless by utils/headless_chromium.py: the one named by
# `lit --param chromium=PATH`, else $DSOCR_CHROMIUM, else chromium on PATH
# (utils/setup.sh installs Debian's).
_headless = os.path.join(config.dsocr_src_root, "utils", "headless_chromium.py")
_chromium = subprocess.run(
    [sys.executable, _headless, "--find"] +
    (["--chromium", lit_config.params["chromium"]]
     if lit_config.params.get("chromium") else []),
    capture_output=True, text=True).stdout.strip()
if _chromium:
    config.available_features.add("chromium")
    config.substitutions.append(
        ("%chromium", "%s %s --chromium %s" % (sys.executable, _headless, _chromium)))
else:
    lit_config.note("no Chromium found: the HTML report's browser tests "
                    "(test/emit-html/) are unsupported; utils/setup.sh "
                    "installs Debian's chromium")
# A dumped DOM is one line: this puts each outline item, table row,
# heading, list item and search result on a line of its own, for FileCheck
# (lit reads backslashes in a substitution as re.sub does: `\\\\n` is `\n`).
config.substitutions.append(
    ("%dom_lines", "sed -e 's/<div class=\"item\">/\\\\n&/g' "
     "-e 's/<\\(tr\\|h2\\|h3\\|li\\|section\\|aside\\|div id=\\)/\\\\n&/g'"))

# The Python that imports torch, for dsocr-trace and the model tests
# (test/models/): `lit --param torch_python=PY` or the CMake option
# DSOCR_TORCH_PYTHON if set, then lit's own Python (%python), CMake's
# Python3_EXECUTABLE, /usr/bin/python3 (where Debian's python3-torch lives)
# and the python3 first on PATH. The features torch, torchvision and
# torchlens say what it imports.

_PROBE = r"""
import sys
found = []
for name in ("torch", "torchvision", "torchlens"):
    try:
        __import__(name)
        found.append(name)
    except Exception as e:
        if name == "torch":
            print("torch: %s: %s" % (type(e).__name__, e))
            sys.exit(1)
print(" ".join(found))
"""


def _probe(python):
    env = dict(os.environ, DSOCR_TRACE_REEXEC="1")
    try:
        r = subprocess.run([python, "-c", _PROBE], capture_output=True,
                           text=True, timeout=300, env=env)
    except (OSError, subprocess.SubprocessError) as e:
        return None, str(e)
    if r.returncode != 0:
        lines = (r.stdout + r.stderr).strip().splitlines()
        return None, lines[-1] if lines else "exit status %d" % r.returncode
    return r.stdout.split(), None


config.dsocr_trace = os.path.join(config.dsocr_src_root, "utils", "dsocr-trace")
config.substitutions.append(("%dsocr_trace", config.dsocr_trace))
_tried = []
torch_python = None
for _py in [lit_config.params.get("torch_python", ""),
            getattr(config, "torch_python", ""), sys.executable,
            config.python_executable, "/usr/bin/python3",
            shutil.which("python3")]:
    if not _py or _py in [t[0] for t in _tried]:
        continue
    _found, _why = _probe(_py)
    _tried.append((_py, _why))
    if _found is not None:
        torch_python = _py
        break
if torch_python:
    config.available_features.add("torch")
    for _m in _found[1:]:
        config.available_features.add(_m)
    if "torchvision" not in _found:
        lit_config.note(
            "torchvision is not importable by %s: the torchvision model tests "
            "are unsupported; utils/setup.sh installs python3-torchvision"
            % torch_python)
    if "torchlens" not in _found:
        lit_config.note(
            "TorchLens is not importable by %s: the TorchLens backend tests "
            "(test/models/torchlens/) are unsupported; configure with "
            "-DDSOCR_TORCH_PYTHON=PY or run lit with --param torch_python=PY, "
            "PY a Python that imports torch and torchlens, to run them"
            % torch_python)
else:
    torch_python = config.python_executable
    lit_config.note(
        "no Python imports torch (%s): the model tests (test/models/) are "
        "unsupported; utils/setup.sh installs Debian's python3-torch and "
        "python3-torchvision, which serve /usr/bin/python3"
        % "; ".join("%s: %s" % t for t in _tried))
config.substitutions.append(("%torch_python", torch_python))
# %python (lit's own Python) cannot import torch but /usr/bin/python3 can:
# dsocr-trace run by the former goes on under the latter.
_why_not = dict(_tried)
if sys.executable not in _why_not:
    _why_not[sys.executable] = _probe(sys.executable)[1]
if (_why_not[sys.executable] is not None and
        os.path.realpath(torch_python) == os.path.realpath("/usr/bin/python3")):
    config.available_features.add("python-without-torch")
# Traces of the model tests are kept in build/test/model-traces, keyed by
# the tracer's source and the model (utils/trace_cache.py).
config.substitutions.append(
    ("%trace_model", "%s %s --python %s --cache-dir %s" % (
        sys.executable,
        os.path.join(config.dsocr_src_root, "utils", "trace_cache.py"),
        torch_python,
        os.path.join(config.dsocr_obj_root, "test", "model-traces"))))
