"""Forward wrappers: a call-in and call-out callback around every
submodule's forward, installed for one traced pass and removed after it.

Each module object gets one wrapper, set as an instance attribute `forward`
that shadows the class's method; nn.Module.__call__ calls it. It is a
forward pre-hook and post-hook in one, but unlike register_forward_*_hook in
PyTorch 1.13 it sees keyword arguments too (needed for tensor metadata),
and it sees a pass that calls `module.forward(...)` directly, as TorchLens
does (TorchLens wraps forward the same way).
"""
import functools

import torch


def tensors_in(obj, depth=5, seen=None):
    """The tensors in obj (a tensor, or lists, tuples and dicts of them),
    each once, in order, parameters excluded."""
    out = []
    seen = set() if seen is None else seen

    def walk(o, d):
        if isinstance(o, torch.Tensor):
            if not isinstance(o, torch.nn.Parameter) and id(o) not in seen:
                seen.add(id(o))
                out.append(o)
            return
        if d == 0:
            return
        if isinstance(o, (list, tuple)):
            for x in o:
                walk(x, d - 1)
        elif isinstance(o, dict):
            for x in o.values():
                walk(x, d - 1)

    walk(obj, depth)
    return out


class ForwardWrappers:
    """Context manager: wraps the forward of every module in `address_of`
    (id(module) -> address); calls enter(address, module, args, kwargs)
    before and leave(address, module, args, kwargs, output) after each
    call, and abandon() when a forward raises."""

    def __init__(self, model, address_of, enter, leave, abandon=None):
        self.model = model
        self.address_of = address_of
        self.enter = enter
        self.leave = leave
        self.abandon = abandon
        self.saved = []

    def __enter__(self):
        done = set()
        for module in self.model.modules():  # each object once
            address = self.address_of.get(id(module))
            if address is None or id(module) in done:
                continue
            done.add(id(module))
            own = module.__dict__.get("forward")
            try:
                module.forward = self._wrap(address, module, module.forward)
            except (AttributeError, TypeError, RuntimeError):
                continue  # e.g. a TorchScript module: its ops stay with the caller
            self.saved.append((module, own))
        return self

    def __exit__(self, *exc):
        for module, own in reversed(self.saved):
            if own is None:
                module.__dict__.pop("forward", None)
            else:
                module.forward = own
        self.saved = []
        return False

    def _wrap(self, address, module, forward):
        enter, leave, abandon = self.enter, self.leave, self.abandon

        def forward_wrapper(*args, **kwargs):
            enter(address, module, args, kwargs)
            try:
                out = forward(*args, **kwargs)
            except BaseException:
                if abandon is not None:
                    abandon()
                raise
            leave(address, module, args, kwargs, out)
            return out

        return functools.update_wrapper(forward_wrapper, forward)
