"""The library entry points: build_trace (the trace as a dict), write_trace
(the file) and trace (both).

    from dsocr_trace import trace
    trace(model, inputs, "trace.json", backend="auto", metadata=False, seed=0)

`inputs` are the forward's arguments: a tuple or list is the positional
arguments, a dict the keyword arguments, anything else (a tensor) the one
argument; `kwargs` adds keyword arguments. The model is traced as it is
(call model.eval() first for inference behaviour).
"""
from .errors import TraceError, describe_exception
from .writer import dumps, write_text

BACKENDS = ("auto", "torchlens", "hooks")
_KEY_ORDER = ("call_counts", "edges", "op_call_counts", "module_children",
              "module_classes", "constructor_params", "input_metadata",
              "output_metadata")


def _import_torch():
    try:
        import torch
    except Exception as e:
        import sys
        raise TraceError(
            "this Python (%s) cannot import torch (%s); Debian's "
            "python3-torch serves /usr/bin/python3 (utils/setup.sh installs "
            "it)" % (sys.executable, e))
    return torch


def split_inputs(inputs, kwargs=None):
    """(args tuple, kwargs dict) from the `inputs` convention above."""
    extra = dict(kwargs or {})
    if isinstance(inputs, (tuple, list)):
        return tuple(inputs), extra
    if isinstance(inputs, dict):
        merged = dict(inputs)
        merged.update(extra)
        return (), merged
    if inputs is None:
        return (), extra
    return (inputs,), extra


def resolve_backend(backend):
    from .tlbackend import torchlens_available
    if backend not in BACKENDS:
        raise TraceError("unknown backend '%s' (choose %s)"
                         % (backend, ", ".join(BACKENDS)))
    if backend == "auto":
        return "torchlens" if torchlens_available() else "hooks"
    return backend


def build_trace(model, inputs, backend="auto", metadata=False, seed=0,
                kwargs=None):
    """Runs one forward pass of model on inputs and returns the trace as a
    dict in TorchLens key order."""
    torch = _import_torch()
    from .structure import constructor_params, module_classes, torchlens_walk

    if not isinstance(model, torch.nn.Module):
        raise TraceError("the model is a %s, not a torch.nn.Module"
                         % type(model).__name__)
    backend = resolve_backend(backend)
    args, kw = split_inputs(inputs, kwargs)
    address_of, _ = torchlens_walk(model)
    classes = module_classes(model)
    if backend == "torchlens":
        from .tlbackend import trace_torchlens as run
    else:
        from .hooks import trace_hooks as run
    try:
        sections, inputs_md, outputs_md = run(model, args, kw, classes,
                                              address_of, seed, metadata)
    except TraceError:
        raise
    except Exception as e:
        raise TraceError("the model's forward pass failed: %s"
                         % describe_exception(e)) from e
    if metadata:
        sections["constructor_params"] = constructor_params(model, address_of)
        sections["input_metadata"] = inputs_md
        sections["output_metadata"] = outputs_md
    return {k: sections[k] for k in _KEY_ORDER if k in sections}


def write_trace(trace_dict, path):
    """Writes a trace dict to path ("-": standard output), atomically."""
    write_text(dumps(trace_dict), path)


def trace(model, inputs, path, backend="auto", metadata=False, seed=0,
          kwargs=None):
    """Traces model on inputs and writes the trace to path; returns the
    trace dict."""
    t = build_trace(model, inputs, backend=backend, metadata=metadata,
                    seed=seed, kwargs=kwargs)
    write_trace(t, path)
    return t
