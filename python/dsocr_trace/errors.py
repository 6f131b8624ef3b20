"""The one exception dsocr_trace raises for bad input or a failed trace,
and the one-line form of any exception."""


class TraceError(Exception):
    """A model, input or output problem, with a one-line message for the
    user (the command line prints it as `dsocr-trace: error: MESSAGE`)."""


def describe_exception(e):
    """`Type: first line of the message`, on one line."""
    msg = str(e).strip().splitlines()
    first = msg[0].strip() if msg else ""
    name = type(e).__name__
    return "%s: %s" % (name, first) if first else name
