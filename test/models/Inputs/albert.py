"""An ALBERT-style encoder, small: factorized embeddings (word, position and
token-type embeddings, LayerNorm, then a projection to the hidden size) and
ONE transformer layer whose weights are shared across depth: the encoder
calls the same `layer` module 6 times. A pooler closes it.
"""
import torch
from torch import nn

VOCAB, EMBED, HIDDEN, HEADS, FFN, DEPTH, SEQ = 40, 8, 16, 4, 32, 6, 5


class Embeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, EMBED)
        self.position_embeddings = nn.Embedding(SEQ, EMBED)
        self.token_type_embeddings = nn.Embedding(2, EMBED)
        self.LayerNorm = nn.LayerNorm(EMBED)
        self.register_buffer("position_ids", torch.arange(SEQ).unsqueeze(0))

    def forward(self, ids):
        n = ids.shape[1]
        x = (self.word_embeddings(ids)
             + self.position_embeddings(self.position_ids[:, :n])
             + self.token_type_embeddings(torch.zeros_like(ids)))
        return self.LayerNorm(x)


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.num_attention_heads = HEADS
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.dense = nn.Linear(HIDDEN, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN)

    def forward(self, x):
        b, n, d = x.shape
        h = self.num_attention_heads

        def split(t):
            return t.view(b, n, h, d // h).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        probs = torch.softmax(q @ k.transpose(-1, -2) / (d // h) ** 0.5, dim=-1)
        ctx = (probs @ v).transpose(1, 2).reshape(b, n, d)
        return self.LayerNorm(x + self.dense(ctx))


class AlbertLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = SelfAttention()
        self.ffn = nn.Linear(HIDDEN, FFN)
        self.activation = nn.GELU()
        self.ffn_output = nn.Linear(FFN, HIDDEN)
        self.full_layer_layer_norm = nn.LayerNorm(HIDDEN)

    def forward(self, x):
        x = self.attention(x)
        y = self.ffn_output(self.activation(self.ffn(x)))
        return self.full_layer_layer_norm(x + y)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.num_hidden_layers = DEPTH
        self.embedding_hidden_mapping_in = nn.Linear(EMBED, HIDDEN)
        self.layer = AlbertLayer()  # one layer, shared by all depths

    def forward(self, x):
        x = self.embedding_hidden_mapping_in(x)
        for _ in range(self.num_hidden_layers):
            x = self.layer(x)
        return x


class Albert(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = Embeddings()
        self.encoder = Encoder()
        self.pooler = nn.Linear(HIDDEN, HIDDEN)
        self.pooler_activation = nn.Tanh()

    def forward(self, ids):
        x = self.encoder(self.embeddings(ids))
        return x, self.pooler_activation(self.pooler(x[:, 0]))


model = Albert


def inputs():
    return torch.randint(0, VOCAB, (2, SEQ))
