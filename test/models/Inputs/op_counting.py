"""One module per rule of op counting (docs/Tracing.md), each run once, so
that the trace's op_call_counts can be checked rule by rule."""
import torch
import torch.nn.functional as F
from torch import nn


class Composite(nn.Module):     # F.normalize runs norm, clamp_min, expand_as, div
    def forward(self, x):
        return F.normalize(x, dim=-1)


class MultiOutput(nn.Module):   # chunk: 2 tensors, topk: 2 tensors, 2 adds
    def forward(self, x):
        a, b = x.chunk(2)
        values, _ = x.topk(2, dim=0)
        return a + b + values


class InPlace(nn.Module):       # clone, x[0] = 1, x += 1, relu_: 4
    def forward(self, x):
        x = x.clone()
        x[0] = 1.0
        x += 1
        return x.relu_()


class Indexing(nn.Module):      # x[0], x[idx], x[None]: 3 (+ the index tensor)
    def forward(self, x):
        idx = torch.tensor([1, 0])
        return x[0] + x[idx].sum(0) + x[None][0, 1]


class Buffers(nn.Module):       # buffer b (once per pass), mul, add, add: 4
    def __init__(self):
        super().__init__()
        self.register_buffer("b", torch.ones(4))

    def forward(self, x):
        return x + self.b * 2 + 1


class ReturnsInput(nn.Module):  # mul, then the input returned: identity, 2
    def forward(self, x):
        self.last = x * 3
        return x


class Shapes(nn.Module):        # .shape and .size() are no ops; view, .T: 2
    def forward(self, x):
        n = x.shape[0]
        return x.view(n, x.size(1)).T


class OpCounting(nn.Module):
    def __init__(self):
        super().__init__()
        self.composite = Composite()
        self.multi = MultiOutput()
        self.inplace = InPlace()
        self.relu = nn.ReLU(inplace=True)   # relu_: 1, no identity
        self.identity = nn.Identity()       # no op, returns its input: 1
        self.indexing = Indexing()
        self.buffered = Buffers()
        self.returns_input = ReturnsInput()
        self.shapes = Shapes()
        self.silent = nn.Dropout(0.0)       # F.dropout: 1

    def forward(self, x):
        x = self.composite(x)
        x = self.multi(x)
        x = self.inplace(x)
        x = self.relu(x)
        x = self.identity(x)
        x = self.indexing(x)
        x = self.buffered(x)
        x = self.returns_input(x)
        x = self.silent(x)
        return self.shapes(x[None].expand(4, 4))


model = OpCounting


def inputs():
    return torch.randn(4, 4)
