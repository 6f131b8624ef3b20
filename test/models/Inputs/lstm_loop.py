"""A recurrent model written as a loop over an nn.LSTMCell: an input
projection runs once on the whole sequence, then for each of the 7 time
steps the same `cell` and the same `head` run once."""
import torch
from torch import nn

FEATURES, HIDDEN, STEPS, BATCH, CLASSES = 6, 12, 7, 2, 3


class LSTMLoop(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_proj = nn.Linear(FEATURES, HIDDEN)
        self.cell = nn.LSTMCell(HIDDEN, HIDDEN)
        self.head = nn.Linear(HIDDEN, CLASSES)

    def forward(self, x):  # x: (steps, batch, features)
        x = self.input_proj(x)
        h = torch.zeros(x.shape[1], HIDDEN)
        c = torch.zeros(x.shape[1], HIDDEN)
        outputs = []
        for t in range(x.shape[0]):
            h, c = self.cell(x[t], (h, c))
            outputs.append(self.head(h))
        return torch.stack(outputs)


model = LSTMLoop


def inputs():
    return torch.randn(STEPS, BATCH, FEATURES)
