"""The `torchlens` backend: TorchLens's log_forward_pass, then the
conversion the trace format was defined by.

* call_counts: TorchLens's module_num_passes, in its order (the order in
  which modules first appear in the logged layers' module chains);
* for every logged layer (tensor ops, and the buffer layers TorchLens logs
  where a buffer is used) with a non-empty containing_modules_origin_nested:
  op_call_counts[innermost] += 1 and edges["P->C"] += 1 for each consecutive
  (P, C) of that chain (callgraph.py);
* module_children: TorchLens's module_children, in its order;
* module_classes: TorchLens's module_types, in registration order.

TorchLens is imported only here, only when this backend is used.
"""
import contextlib
import io

from .callgraph import CallGraphBuilder
from .errors import TraceError, describe_exception
from .metadata import MetadataRecorder
from .seed import seed_everything
from .wrappers import ForwardWrappers


def torchlens_available():
    try:
        import torchlens  # noqa: F401
    except Exception:  # ImportError, or a broken install
        return False
    return True


def _explain(error, model, args, kwargs, seed):
    """A TraceError for an exception out of log_forward_pass. TorchLens
    wraps every torch function, so a model's own error (a shape that does
    not fit) also surfaces inside TorchLens, and TorchLens often fails
    again while cleaning up: the first exception of the chain is the one
    that tells, and a plain pass tells whose error it is."""
    first = error
    while first.__context__ is not None and first.__context__ is not first:
        first = first.__context__
    try:
        seed_everything(seed)
        model(*args, **kwargs)
    except Exception as plain:
        return TraceError("the model's forward pass failed: %s"
                          % describe_exception(plain))
    return TraceError("TorchLens failed on this model (%s); --backend hooks "
                      "traces it without TorchLens" % describe_exception(first))


def _split_pass(label):
    """'layers.0.mlp:2' or ('layers.0.mlp', 2) -> ('layers.0.mlp', 2)."""
    if isinstance(label, tuple):
        return label[0], int(label[1])
    address, _, npass = str(label).rpartition(":")
    return address, int(npass)


def trace_torchlens(model, args, kwargs, classes, address_of, seed,
                    metadata=False):
    """Runs one logged pass; returns (sections, input_metadata,
    output_metadata)."""
    try:
        import torchlens
    except Exception as e:
        raise TraceError("the torchlens backend needs TorchLens, which "
                         "cannot be imported here (%s); use --backend hooks"
                         % e)
    recorder = MetadataRecorder() if metadata else None

    def enter(address, module, a, k):
        recorder.enter(address, a, k)

    def leave(address, module, a, k, out):
        recorder.leave(address, out)

    wrappers = (ForwardWrappers(model, address_of, enter, leave)
                if metadata else None)
    if wrappers is not None:
        wrappers.__enter__()
    try:
        # TorchLens prints banners; standard output may be the trace.
        with contextlib.redirect_stdout(io.StringIO()):
            history = torchlens.log_forward_pass(
                model, list(args), input_kwargs=dict(kwargs),
                layers_to_save=None, random_seed=seed)
    except Exception as e:
        failed = e
    else:
        failed = None
    finally:
        if wrappers is not None:
            wrappers.__exit__(None, None, None)

    if failed is not None:
        raise _explain(failed, model, args, kwargs, seed)

    graph = CallGraphBuilder()
    for layer in history.layer_list:
        chain = [_split_pass(m) for m in layer.containing_modules_origin_nested]
        graph.add_op(chain)
    tl_classes = dict(history.module_types)
    ordered = {a: c for a, c in classes.items() if a in tl_classes}
    for a, c in tl_classes.items():
        ordered.setdefault(a, c)
    sections = graph.sections(ordered)
    sections["call_counts"] = {a: int(n) for a, n in
                               history.module_num_passes.items()}
    sections["module_children"] = {p: list(kids) for p, kids in
                                   history.module_children.items()}
    try:
        history.cleanup()
    except Exception:
        pass
    meta = (recorder.sections(sections["call_counts"])
            if metadata else (None, None))
    return sections, meta[0], meta[1]
