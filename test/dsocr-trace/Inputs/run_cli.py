"""Runs dsocr-trace's main() once per line of a file, in one Python process
(so torch is imported once), printing each line, its exit status and what
it wrote on standard error.

Usage: run_cli.py CASES INPUTS OUT; in CASES, `#` lines are comments and
@INPUTS@ and @OUT@ stand for the folders INPUTS and OUT."""
import contextlib
import io
import shlex
import sys

from dsocr_trace.cli import main

cases, inputs, out = sys.argv[1:4]
with open(cases) as f:
    for line in f:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        argv = shlex.split(line.replace("@INPUTS@", inputs).replace(
            "@OUT@", out))
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            rc = main(argv)
        print("$ %s" % line)
        print("exit %d: %s" % (rc, err.getvalue().rstrip("\n")))
