#!/usr/bin/env python3
"""Runs Chromium headless on a page, for the HTML report's browser tests and
benchmark (docs/Report.md, docs/Testing.md).

    utils/headless_chromium.py [--chromium PATH] [--timeout S] ARG... URL

ARGs go to Chromium (--dump-dom, --screenshot=FILE, --window-size=W,H,
--virtual-time-budget=MS, ...), after the flags every run gets: headless,
no sandbox (tests run as root in CI), no GPU, no network of its own (no
QUIC, background networking, component updates or sync), no first-run
setup, and a fresh profile in a temporary folder that is removed after.
What Chromium writes on standard output (the DOM with --dump-dom) is passed
through; its standard error, full of D-Bus complaints on a server, is shown
only when it fails. Exits with Chromium's status, or 1 after --timeout.

Chromium is PATH, else $DSOCR_CHROMIUM, else the first of chromium,
chromium-browser, google-chrome on PATH. `--find` prints it (or exits 1).
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


def find_chromium(explicit=None):
    for candidate in [explicit, os.environ.get("DSOCR_CHROMIUM")]:
        if candidate:
            return shutil.which(candidate) or (
                candidate if os.access(candidate, os.X_OK) else None)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        usage="%(prog)s [--chromium PATH] [--timeout S] ARG... URL")
    parser.add_argument("--chromium", help="the Chromium to run")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds before Chromium is stopped (120)")
    parser.add_argument("--find", action="store_true",
                        help="print the Chromium found and exit")
    args, rest = parser.parse_known_args()
    chromium = find_chromium(args.chromium)
    if args.find:
        if not chromium:
            return 1
        print(chromium)
        return 0
    if not chromium:
        print("headless_chromium: no Chromium found (utils/setup.sh installs "
              "Debian's chromium; or set DSOCR_CHROMIUM)", file=sys.stderr)
        return 1
    if not rest:
        parser.error("give the page to open")
    profile = tempfile.mkdtemp(prefix="dsocr-chromium-")
    try:
        command = [chromium] + FLAGS + ["--user-data-dir=" + profile] + rest
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE,
                                    stderr=err, start_new_session=True)
            try:
                out, _ = proc.communicate(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                print("headless_chromium: Chromium did not finish in %g s"
                      % args.timeout, file=sys.stderr)
                return 1
            sys.stdout.buffer.write(out)
            sys.stdout.flush()
            if proc.returncode != 0:
                err.seek(0)
                lines = err.read().decode("utf-8", "replace").splitlines()
                print("\n".join(lines[-30:]), file=sys.stderr)
                print("headless_chromium: Chromium exited with status %d"
                      % proc.returncode, file=sys.stderr)
            return 1 if proc.returncode else 0
    finally:
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
