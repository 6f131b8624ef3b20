"""A tiny model for the dsocr-trace tests: an embedding, two blocks in a
ModuleList (iterated, never called) and a head; `other` is a second model
in the same file and `keyword` one whose forward takes keyword arguments."""
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(8)
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        return x + self.fc(self.norm(x))


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(16, 8)
        self.blocks = nn.ModuleList(Block() for _ in range(2))
        self.head = nn.Linear(8, 4)

    def forward(self, ids):
        x = self.embed(ids)
        for block in self.blocks:
            x = block(x)
        return self.head(x)


class Keyword(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x, *, scale):
        return self.fc(x) * scale


model = Tiny


def other():
    return nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))


def inputs(m):
    assert isinstance(m, Tiny)
    return torch.randint(0, 16, (2, 3))


class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.fa = nn.Linear(3, 5)
        self.fb = nn.Linear(4, 5)

    def forward(self, a, b):
        return self.fa(a) + self.fb(b)
