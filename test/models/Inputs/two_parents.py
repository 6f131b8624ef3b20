"""A module called by two parents: `shared` (an MLP) is registered once, on
the model, and blocks `a` and `b` each call it through a reference that is
not registered (a plain list), so its static parent is the root but its
dynamic callers are `a` and `b`. Each block calls it once per pass."""
import torch
from torch import nn

DIM = 8


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(DIM, 2 * DIM)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(2 * DIM, DIM)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, shared):
        super().__init__()
        self.norm = nn.LayerNorm(DIM)
        self.helpers = [shared]  # not registered: a call, not a child
        self.mix = nn.Linear(DIM, DIM)

    def forward(self, x):
        return x + self.mix(self.helpers[0](self.norm(x)))


class TwoParents(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared = Mlp()
        self.a = Block(self.shared)
        self.b = Block(self.shared)
        self.head = nn.Linear(DIM, 2)

    def forward(self, x):
        return self.head(self.b(self.a(x)))


model = TwoParents


def inputs():
    return torch.randn(3, DIM)
