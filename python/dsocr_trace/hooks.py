"""The `hooks` backend: plain PyTorch, no TorchLens.

* Calls and the caller stack: a wrapper around every submodule's forward
  (wrappers.py) counts calls and keeps the stack of module passes, so the
  nesting chain of an op is the stack when it runs.
* Ops: a torch.overrides.TorchFunctionMode (PyTorch 1.13 has it) sees the
  calls of torch functions, Tensor methods and operators. Calls made inside
  such a call are not seen (the mode is off while a call runs). TorchLens
  counts the innermost calls instead (for `F.multi_head_attention_forward`,
  the two dozen ops it runs, not one call), so for the pass the Python-level
  functions of torch.nn.functional, torch.functional and torch.Tensor do
  not dispatch to the mode themselves (their `has_torch_function` checks
  answer False) and the C functions they call do: a composite Python
  function counts as the ops it runs. PyTorch 1.13 skips the mode for some
  indexing (`x[0]`, `x[idx]`, `x[None]`), so `Tensor.__getitem__` and
  `__setitem__` are wrapped for the pass and counted there instead (only
  outside another counted call, like every other op).

What counts as ops follows TorchLens, which logs one entry per tensor:
* a call counts one op per plain torch.Tensor it returns (`topk` two,
  `chunk(4)` four; parameters and non-tensors none); an in-place call
  (`x.add_(1)`, `x[0] = 1`) counts one;
* a buffer, or a plain tensor attribute of a module, counts one op the
  first time a pass of the innermost module hands it to a torch function
  (TorchLens logs it as a "buffer" layer);
* a module pass that returns one of its own input tensors (nn.Identity,
  stochastic depth in eval mode) counts one op per such tensor (TorchLens's
  "identity"), unless a call in the pass returned that tensor as its own
  argument (`return x.relu_()`): TorchLens hands a copy on from such a
  call, so its module returns no input.

As in TorchLens, a pass that runs no op leaves no trace: a module whose
passes run none is not in the trace, and a module's call count is the
number of its last pass that ran one. As TorchLens does, the pass runs
with gradients enabled and every floating parameter temporarily requiring
grad, so the same code paths run (PyTorch's fused Transformer inference
path, which skips the submodules, is not taken). docs/Tracing.md lists
where the backends differ.
"""
import contextlib
import importlib

import torch
from torch.overrides import TorchFunctionMode

from .callgraph import CallGraphBuilder
from .metadata import MetadataRecorder
from .seed import seed_everything
from .wrappers import ForwardWrappers, tensors_in

_INPLACE = {"__setitem__", "__delitem__", "zero_"}


def _count_outputs(out, depth=3):
    """Plain tensors in a call's result, as TorchLens logs them."""
    if type(out) is torch.Tensor:
        return 1
    if depth == 0:
        return 0
    if isinstance(out, (list, tuple)):
        return sum(_count_outputs(x, depth - 1) for x in out)
    if isinstance(out, dict):
        return sum(_count_outputs(x, depth - 1) for x in out.values())
    return 0


class _Frame:
    __slots__ = ("address", "npass", "start", "buffers")

    def __init__(self, address, npass, start):
        self.address = address
        self.npass = npass
        self.start = start      # the op sequence number at the call
        self.buffers = set()    # buffers already counted in this pass


class HooksTracer:
    def __init__(self, model, address_of, metadata=False):
        self.model = model
        self.address_of = address_of
        self.graph = CallGraphBuilder()
        self.calls = {}
        self.stack = []
        self.chain = ()
        self.depth = 0  # > 0 while a torch call the mode saw runs
        self.seq = 0    # torch calls seen so far
        # id(tensor) -> seq of the last call that returned that tensor
        # object as its own argument (x.relu_(), x.to(x.dtype)): TorchLens
        # hands a fresh copy on there, so it is no longer "the input".
        self.returned_self = {}
        self.metadata = MetadataRecorder() if metadata else None
        self.buffer_ids = set()
        for module in model.modules():
            for b in module.buffers(recurse=False):
                self.buffer_ids.add(id(b))
            for v in vars(module).values():
                if (isinstance(v, torch.Tensor)
                        and not isinstance(v, torch.nn.Parameter)):
                    self.buffer_ids.add(id(v))

    # -- module calls ------------------------------------------------------
    def enter(self, address, module, args, kwargs):
        n = self.calls.get(address, 0) + 1
        self.calls[address] = n
        self.stack.append(_Frame(address, n, self.seq))
        self.chain = self.chain + ((address, n),)
        if self.metadata is not None:
            self.metadata.enter(address, args, kwargs)

    def leave(self, address, module, args, kwargs, out):
        frame = self.stack[-1]
        inputs = {id(t) for t in tensors_in((args, kwargs), depth=6)}
        same = sum(1 for t in tensors_in(out) if id(t) in inputs and
                   self.returned_self.get(id(t), -1) <= frame.start)
        if same:
            self.op(same)
        self.stack.pop()
        self.chain = self.chain[:-1]
        if self.metadata is not None:
            self.metadata.leave(address, out)

    def abandon(self):
        self.stack.clear()
        self.chain = ()

    # -- ops ---------------------------------------------------------------
    def op(self, count=1):
        if self.stack and count:
            self.graph.add_op(self.chain, count)

    def torch_call(self, name, args, kwargs, out):
        self.seq += 1
        if (type(out) is torch.Tensor and args and out is args[0]):
            self.returned_self[id(out)] = self.seq
        if not self.stack:
            return
        frame = self.stack[-1]
        if self.buffer_ids:
            for t in tensors_in((args, kwargs), depth=3):
                if id(t) in self.buffer_ids and id(t) not in frame.buffers:
                    frame.buffers.add(id(t))
                    self.op(1)
        if name in _INPLACE:
            self.op(1 if args and isinstance(args[0], torch.Tensor) else 0)
        else:
            self.op(_count_outputs(out))

    # -- the pass ----------------------------------------------------------
    def run(self, args, kwargs, seed):
        tracer = self
        getitem = torch.Tensor.__getitem__
        setitem = torch.Tensor.__setitem__
        own = {k: torch.Tensor.__dict__.get(k)
               for k in ("__getitem__", "__setitem__")}

        class OpCounter(TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                kwargs = kwargs or {}
                if func in indexing:  # counted by the wrappers below
                    return func(*args, **kwargs)
                tracer.depth += 1
                try:
                    out = func(*args, **kwargs)
                finally:
                    tracer.depth -= 1
                tracer.torch_call(getattr(func, "__name__", ""), args,
                                  kwargs, out)
                return out

        def getitem_wrapper(t, index):
            if tracer.depth:
                return getitem(t, index)
            tracer.depth += 1
            try:
                out = getitem(t, index)
            finally:
                tracer.depth -= 1
            tracer.torch_call("__getitem__", (t, index), {}, out)
            return out

        def setitem_wrapper(t, index, value):
            if tracer.depth:
                return setitem(t, index, value)
            tracer.depth += 1
            try:
                setitem(t, index, value)
            finally:
                tracer.depth -= 1
            tracer.torch_call("__setitem__", (t, index, value), {}, None)

        indexing = (getitem, setitem, getitem_wrapper, setitem_wrapper)

        params = [p for p in self.model.parameters()
                  if p.is_floating_point() or p.is_complex()]
        grads = [p.requires_grad for p in params]
        try:
            for p in params:
                p.requires_grad_(True)
            seed_everything(seed)
            torch.Tensor.__getitem__ = getitem_wrapper
            torch.Tensor.__setitem__ = setitem_wrapper
            with torch.enable_grad(), ForwardWrappers(
                    self.model, self.address_of, self.enter, self.leave,
                    self.abandon), _innermost_calls(), OpCounter():
                output = self.model(*args, **kwargs)
        finally:
            for k, v in own.items():
                if v is None:
                    delattr(torch.Tensor, k)
                else:
                    setattr(torch.Tensor, k, v)
            for p, g in zip(params, grads):
                p.requires_grad_(g)
        return output


# The modules whose Python-level functions dispatch to the mode themselves;
# for the pass their checks answer False, so the C calls inside are seen.
_PYTHON_DISPATCH = ("torch.nn.functional", "torch.functional", "torch._tensor")
_CHECKS = ("has_torch_function", "has_torch_function_unary",
           "has_torch_function_variadic")


def _no_check(*args, **kwargs):
    return False


@contextlib.contextmanager
def _innermost_calls():
    saved = []
    try:
        for name in _PYTHON_DISPATCH:
            module = importlib.import_module(name)
            for check in _CHECKS:
                if check in module.__dict__:
                    saved.append((module, check, module.__dict__[check]))
                    setattr(module, check, _no_check)
        yield
    finally:
        for module, check, original in reversed(saved):
            setattr(module, check, original)


def trace_hooks(model, args, kwargs, classes, address_of, seed,
                metadata=False):
    """Runs one pass; returns (sections, input_metadata, output_metadata)."""
    tracer = HooksTracer(model, address_of, metadata)
    tracer.run(args, kwargs, seed)
    sections = tracer.graph.sections(classes)
    meta = (tracer.metadata.sections(sections["call_counts"])
            if metadata else (None, None))
    return sections, meta[0], meta[1]
