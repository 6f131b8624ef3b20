"""The static side of a trace: module addresses, classes and constructor
parameters, taken from the model object without running it.

Addresses are dotted `named_children` paths without the root's name. A
module object reachable by one path (the usual case) has that address. A
module object registered under several paths gets the address TorchLens
gives it: TorchLens walks the hierarchy with a stack (pop the last entry,
push a module's children in front) and each visit overwrites the module's
address, so the path seen last in that walk wins. Both backends use it, so
they name shared modules alike.
"""
import math


def torchlens_walk(model):
    """Returns (address_of, recorded): address_of maps id(module) to the
    address TorchLens would give it (the root is absent), recorded is the
    set of addresses TorchLens would record a class for."""
    address_of = {}
    recorded = {}
    stack = [(model, "")]
    while stack:
        module, address = stack.pop()
        kids = []
        for name, child in module.named_children():
            child_address = "%s.%s" % (address, name) if address else name
            address_of[id(child)] = child_address
            kids.append((child, child_address))
        stack = kids + stack
        if module is model:
            continue
        current = address_of.get(id(module), address)
        recorded[current] = type(module).__name__
    address_of.pop(id(model), None)
    return address_of, recorded


def registration_order(model):
    """Every (address, module) in registration pre-order, one entry per
    path (a module registered twice appears twice)."""
    out = []

    def visit(module, address, on_path):
        for name, child in module.named_children():
            child_address = "%s.%s" % (address, name) if address else name
            out.append((child_address, child))
            if id(child) not in on_path:  # a cycle would never end
                visit(child, child_address, on_path | {id(child)})

    visit(model, "", {id(model)})
    return out


def module_classes(model):
    """{address: class name} for every module, called or not, in
    registration pre-order (the order of the real trace's module_classes),
    with the addresses TorchLens records."""
    _, recorded = torchlens_walk(model)
    out = {}
    for address, _module in registration_order(model):
        if address in recorded and address not in out:
            out[address] = recorded[address]
    for address, cls in recorded.items():  # paths through a cycle
        out.setdefault(address, cls)
    return out


_SCALARS = (bool, int, float, str)


def _param_value(value):
    """A JSON value for a constructor parameter, or None to leave it out."""
    if value is None:
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (tuple, list)) and 0 < len(value) <= 16 and all(
            isinstance(v, _SCALARS) and not (isinstance(v, float) and
                                             not math.isfinite(v))
            for v in value):
        return list(value)
    return None


def constructor_params(model, address_of):
    """{address: {name: value}} for every module with shape-relevant
    configuration, called or not, in registration order.

    PyTorch keeps no record of constructor arguments; what a module keeps
    of them is its public plain attributes (in_features, out_features,
    kernel_size, num_heads, hidden_size, ...). Those that are numbers,
    strings, booleans or short lists of them are reported, except the
    `training` flag."""
    out = {}
    for address, module in registration_order(model):
        if address_of.get(id(module)) != address or address in out:
            continue
        params = {}
        for name, value in vars(module).items():
            if name.startswith("_") or name == "training":
                continue
            v = _param_value(value)
            if v is not None:
                params[name] = v
        if params:
            out[address] = params
    return out
