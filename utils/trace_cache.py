#!/usr/bin/env python3
"""Runs dsocr-trace through a cache of traces, for the test suite.

Usage: trace_cache.py --python PY --cache-dir DIR -o OUT -- MODEL [OPTIONS]

Writes to OUT the trace `PY utils/dsocr-trace MODEL OPTIONS` makes. The
trace is kept in DIR under a key that hashes everything it depends on: the
tracer's source (python/dsocr_trace/*.py and utils/dsocr-trace), MODEL and
OPTIONS, the contents of every argument that names a file (a model file),
the interpreter and the versions and locations of torch, torchvision and
TorchLens there. A hit copies the kept trace and runs no Python with torch;
a miss traces, keeps the trace and prints `trace_cache: traced MODEL in
S s` on standard error. Concurrent runs of the same key wait for each
other (flock), so each trace is made once. A failed trace is not kept and
its error is passed on with its exit status.

The lit suite keeps its cache in build/test/model-traces; delete the
folder to trace everything again.
"""
import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.realpath(__file__))
SOURCE = os.path.join(HERE, "..")
TRACER = os.path.join(HERE, "dsocr-trace")

VERSIONS = r"""
import importlib.util, importlib.metadata as md
for name in ("torch", "torchvision", "torchlens"):
    spec = importlib.util.find_spec(name)
    try:
        version = md.version(name)
    except Exception:
        version = "?"
    print(name, version, spec.origin if spec else None)
"""


def tracer_sources():
    package = os.path.join(SOURCE, "python", "dsocr_trace")
    files = sorted(os.path.join(package, f) for f in os.listdir(package)
                   if f.endswith(".py"))
    return [TRACER] + files


def cache_key(python, args):
    h = hashlib.sha256()
    for path in tracer_sources():
        h.update(os.path.basename(path).encode() + b"\0")
        with open(path, "rb") as f:
            h.update(f.read())
    # A file argument counts by its real path and its contents.
    named = [os.path.realpath(a) if os.path.isfile(a) else a for a in args]
    h.update(b"\0args\0" + "\0".join(named).encode())
    for a in args:
        if os.path.isfile(a):
            with open(a, "rb") as f:
                h.update(b"\0file\0" + f.read())
    env = dict(os.environ, DSOCR_TRACE_REEXEC="1")
    versions = subprocess.run([python, "-c", VERSIONS], capture_output=True,
                              text=True, env=env)
    h.update(b"\0python\0" + python.encode() + versions.stdout.encode())
    return h.hexdigest()[:32]


def copy_atomic(src, dst):
    directory = os.path.dirname(os.path.abspath(dst))
    fd, tmp = tempfile.mkstemp(prefix=".trace.", dir=directory)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--python", required=True)
    ap.add_argument("--cache-dir", required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("args", nargs=argparse.REMAINDER)
    opts = ap.parse_args()
    args = opts.args[1:] if opts.args[:1] == ["--"] else opts.args
    if not args:
        ap.error("no MODEL given")
    os.makedirs(opts.cache_dir, exist_ok=True)
    key = cache_key(opts.python, args)
    kept = os.path.join(opts.cache_dir, key + ".json")
    with open(os.path.join(opts.cache_dir, key + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(kept):
            fd, tmp = tempfile.mkstemp(prefix="." + key + ".",
                                       dir=opts.cache_dir)
            os.close(fd)
            start = time.monotonic()
            rc = subprocess.run([opts.python, TRACER] + args +
                                ["-o", tmp]).returncode
            if rc != 0:
                os.unlink(tmp)
                return rc
            os.replace(tmp, kept)
            print("trace_cache: traced %s in %.1f s"
                  % (args[0], time.monotonic() - start), file=sys.stderr)
    copy_atomic(kept, opts.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
