"""A Mixtral-style mixture-of-experts decoder, small: token embedding, four
decoder layers (RMSNorm, causal self-attention, RMSNorm, sparse MoE block
of 8 SwiGLU experts with top-2 routing), final norm and LM head.

The router sends each of the 3 tokens to its 2 best experts, so a layer
calls at most 6 of its 8 experts: at least 2 per layer are never called.
Like Mixtral's reference code, the block loops over the experts and calls
only those some token chose, each once, with all its tokens. The experts
sit in an nn.ModuleList that is iterated, never called, as are the layers.

Run as a script, it builds the model and inputs the way dsocr-trace does
(seed 0 before the model and again before the inputs), runs one plain
forward pass and prints, as check_trace_facts.py facts, which experts each
router chose: the trace must agree.
"""
import random

import torch
import torch.nn.functional as F
from torch import nn

VOCAB, DIM, FFN, HEADS, EXPERTS, TOP_K, LAYERS, TOKENS = 32, 16, 24, 2, 8, 2, 4, 3


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim, bias=False)
        self.k_proj = nn.Linear(dim, dim, bias=False)
        self.v_proj = nn.Linear(dim, dim, bias=False)
        self.o_proj = nn.Linear(dim, dim, bias=False)

    def forward(self, x):
        t, d = x.shape
        h = self.heads
        q = self.q_proj(x).view(t, h, d // h).transpose(0, 1)
        k = self.k_proj(x).view(t, h, d // h).transpose(0, 1)
        v = self.v_proj(x).view(t, h, d // h).transpose(0, 1)
        scores = q @ k.transpose(1, 2) / (d // h) ** 0.5
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(mask, float("-inf"))
        out = scores.softmax(-1) @ v
        return self.o_proj(out.transpose(0, 1).reshape(t, d))


class Expert(nn.Module):
    def __init__(self, dim, ffn):
        super().__init__()
        self.w1 = nn.Linear(dim, ffn, bias=False)
        self.w2 = nn.Linear(ffn, dim, bias=False)
        self.w3 = nn.Linear(dim, ffn, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class SparseMoeBlock(nn.Module):
    def __init__(self, dim, ffn, num_experts, top_k):
        super().__init__()
        self.num_experts = num_experts
        self.top_k = top_k
        self.gate = nn.Linear(dim, num_experts, bias=False)
        self.experts = nn.ModuleList(Expert(dim, ffn) for _ in range(num_experts))
        self.chosen = []  # the experts the router chose, per call

    def forward(self, x):
        weights = F.softmax(self.gate(x), dim=-1)
        weights, selected = torch.topk(weights, self.top_k, dim=-1)
        weights = weights / weights.sum(dim=-1, keepdim=True)
        self.chosen.append(sorted(set(selected.flatten().tolist())))
        out = torch.zeros_like(x)
        for i, expert in enumerate(self.experts):
            token, slot = torch.where(selected == i)
            if token.numel() == 0:
                continue
            y = expert(x[token]) * weights[token, slot].unsqueeze(-1)
            out = out.index_add(0, token, y)
        return out


class DecoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_norm = RMSNorm(DIM)
        self.self_attn = Attention(DIM, HEADS)
        self.post_attention_norm = RMSNorm(DIM)
        self.moe = SparseMoeBlock(DIM, FFN, EXPERTS, TOP_K)

    def forward(self, x):
        x = x + self.self_attn(self.input_norm(x))
        return x + self.moe(self.post_attention_norm(x))


class MoEModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(VOCAB, DIM)
        self.layers = nn.ModuleList(DecoderLayer() for _ in range(LAYERS))
        self.norm = RMSNorm(DIM)
        self.lm_head = nn.Linear(DIM, VOCAB, bias=False)

    def forward(self, ids):
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x)
        return self.lm_head(self.norm(x))


model = MoEModel


def inputs():
    return torch.randint(0, VOCAB, (TOKENS,))


def _seed(seed):
    random.seed(seed)
    torch.manual_seed(seed)


if __name__ == "__main__":
    _seed(0)
    m = model().eval()
    _seed(0)
    x = inputs()
    _seed(0)
    with torch.no_grad():
        m(x)
    for i, layer in enumerate(m.layers):
        (chosen,) = layer.moe.chosen
        moe = "layers.%d.moe" % i
        print("FACT: children %s %s.gate %s" % (moe, moe, " ".join(
            "%s.experts.%d" % (moe, e) for e in chosen)))
        for e in range(EXPERTS):
            expert = "%s.experts.%d" % (moe, e)
            if e in chosen:
                print("FACT: calls %s 1" % expert)
                print("FACT: children %s %s.w1 %s.w3 %s.w2"
                      % (expert, expert, expert, expert))
            else:
                print("FACT: uncalled %s" % expert)
                print("FACT: uncalled %s.w[1-3]" % expert)
