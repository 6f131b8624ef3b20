"""Writes a trace: JSON formatted as Python's json.dump(..., indent=2)
writes it (as the real TorchLens traces are), to a file or standard output.

A file is written to a temporary file beside it and renamed over it when
complete, so a failed run leaves no partial output and the old file stays.
A destination that exists and is not a regular file (/dev/null, a pipe, a
terminal) is written in place: renaming over it would replace the device
node.
"""
import json
import os
import stat
import sys
import tempfile

from .errors import TraceError


def dumps(trace):
    return json.dumps(trace, indent=2)


def write_text(text, path):
    """Writes text to path ("-" is standard output)."""
    if path == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as e:
            raise TraceError("cannot write to standard output: %s"
                             % (e.strerror or e))
        return
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise TraceError("cannot write '%s': %s" % (path, e.strerror or e))
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise TraceError("cannot write '%s': Is a directory" % path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(path, "w") as f:
                f.write(text)
        except OSError as e:
            raise TraceError("cannot write '%s': %s" % (path, e.strerror or e))
        return
    directory = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + name + ".", suffix=".tmp",
                                   dir=directory)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        if st is not None:
            mode = stat.S_IMODE(st.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        what = e.strerror or str(e)
        raise TraceError("cannot write '%s': %s" % (path, what))
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
