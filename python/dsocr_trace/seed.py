"""One seeding of Python's, torch's and numpy's generators, used before
building the model, before building the inputs and before the traced pass,
so a trace is reproducible from its seed (TorchLens seeds the same three
before its pass)."""
import random


def seed_everything(seed):
    import torch
    random.seed(seed)
    torch.manual_seed(seed)
    try:
        import numpy
    except ImportError:
        return
    numpy.random.seed(seed)
