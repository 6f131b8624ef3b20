"""Runs dsocr-opt with -o naming a FIFO and checks that the FIFO received
the output and is still a FIFO (renaming a temporary file over it would
have replaced it with a regular file, as it would /dev/null).

Usage: write-to-fifo.py DSOCR_OPT INPUT TMPDIR
"""
import os
import stat
import subprocess
import sys
import threading

tool, source, tmp = sys.argv[1:4]
fifo = os.path.join(tmp, "fifo")
os.mkfifo(fifo)
got = []


def read():
    with open(fifo, "rb") as f:
        got.append(f.read())


reader = threading.Thread(target=read, daemon=True)
reader.start()
run = subprocess.run([tool, source, "-emit=md", "-o", fifo])
reader.join(timeout=60)
if run.returncode != 0:
    sys.exit("dsocr-opt failed with exit code %d" % run.returncode)
if not stat.S_ISFIFO(os.lstat(fifo).st_mode):
    sys.exit("the FIFO was replaced by a file")
want = subprocess.run([tool, source, "-emit=md"], check=True,
                      stdout=subprocess.PIPE).stdout
if not got or got[0] != want:
    sys.exit("the FIFO did not receive the output")
print("written in place")
