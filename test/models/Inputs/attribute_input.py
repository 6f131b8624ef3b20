"""A module that gets its input from an attribute, not from its forward's
arguments: the model stores the tensor on `reader`, then calls it with no
arguments. `reader` calls `lin` on it and doubles the result. This is where
the backends part: hooks follows the call stack (lin runs inside reader),
TorchLens follows the data (the tensor never entered reader)."""
import torch
from torch import nn


class Reader(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 4)

    def forward(self):
        return self.lin(self.x) * 2


class AttributeInput(nn.Module):
    def __init__(self):
        super().__init__()
        self.reader = Reader()
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        self.reader.x = x
        return self.head(x + self.reader())


model = AttributeInput


def inputs():
    return torch.randn(3, 4)
