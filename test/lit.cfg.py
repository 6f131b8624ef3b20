# -*- Python -*-
# lit configuration of the dsocr-opt test suite.

import os

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
