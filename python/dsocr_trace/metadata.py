"""Tensor metadata of every call: input_metadata and output_metadata.

One entry per call of a module, in call order:
{"tensors": [{"shape": [...], "dtype": "torch.float32"}, ...]}. Inputs are
the tensors among the forward's positional and keyword arguments, outputs
the tensors it returns (lists, tuples and dicts are searched; parameters
are left out; a tensor passed twice is listed once).
"""
from .wrappers import tensors_in


def describe(tensors):
    return {"tensors": [{"shape": [int(d) for d in t.shape],
                         "dtype": str(t.dtype)} for t in tensors]}


class MetadataRecorder:
    def __init__(self):
        self.inputs = {}
        self.outputs = {}

    def enter(self, address, args, kwargs):
        self.inputs.setdefault(address, []).append(
            describe(tensors_in((args, kwargs), depth=6)))

    def leave(self, address, out):
        self.outputs.setdefault(address, []).append(describe(tensors_in(out)))

    def sections(self, call_counts):
        """input_metadata and output_metadata for the modules of
        call_counts, in its order, one entry per counted call."""
        def pick(recorded):
            return {a: recorded[a][:n] for a, n in call_counts.items()
                    if a in recorded}
        return pick(self.inputs), pick(self.outputs)
