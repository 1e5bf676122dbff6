"""A tiny Llama-style decoder (RMSNorm, rotary positions, grouped-query attention, SwiGLU, tied embeddings).

forward() has the Optimum/model-builder ONNX signature: input_ids [B,S], attention_mask [B,past+S],
position_ids [B,S] and per layer past key/value [B, kv_heads, past, head_dim]; it returns logits [B,S,vocab] and
the present key/values [B, kv_heads, past+S, head_dim]. Masked (padding) keys get a large negative score, and
query i of the new tokens sees keys 0..past+i, so left-padded batches work in prefill and in decode with past.
"""
import dataclasses
import json

import torch
from torch import nn

MASKED_SCORE = -1e9


@dataclasses.dataclass
class TinyLlamaConfig:
    vocab_size: int = 99
    hidden_size: int = 192
    intermediate_size: int = 512
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    max_position_embeddings: int = 256
    rope_theta: float = 10000.0
    rms_norm_eps: float = 1e-5

    @property
    def head_dim(self):
        return self.hidden_size // self.num_attention_heads

    def to_dict(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d):
        return cls(**{k: v for k, v in d.items() if k in {f.name for f in dataclasses.fields(cls)}})


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Attention(nn.Module):
    def __init__(self, c: TinyLlamaConfig):
        super().__init__()
        self.c = c
        self.q_proj = nn.Linear(c.hidden_size, c.num_attention_heads * c.head_dim, bias=False)
        self.k_proj = nn.Linear(c.hidden_size, c.num_key_value_heads * c.head_dim, bias=False)
        self.v_proj = nn.Linear(c.hidden_size, c.num_key_value_heads * c.head_dim, bias=False)
        self.o_proj = nn.Linear(c.num_attention_heads * c.head_dim, c.hidden_size, bias=False)

    def forward(self, x, cos, sin, allowed, past_key, past_value):
        c = self.c
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, c.num_attention_heads, c.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, s, c.num_key_value_heads, c.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, s, c.num_key_value_heads, c.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        key = torch.cat([past_key, k], dim=2)
        value = torch.cat([past_value, v], dim=2)
        group = c.num_attention_heads // c.num_key_value_heads
        k_all = key.unsqueeze(2).expand(b, c.num_key_value_heads, group, key.shape[2], c.head_dim)
        k_all = k_all.reshape(b, c.num_attention_heads, key.shape[2], c.head_dim)
        v_all = value.unsqueeze(2).expand(b, c.num_key_value_heads, group, value.shape[2], c.head_dim)
        v_all = v_all.reshape(b, c.num_attention_heads, value.shape[2], c.head_dim)
        scores = torch.matmul(q, k_all.transpose(-1, -2)) * (c.head_dim ** -0.5)
        scores = torch.where(allowed, scores, torch.full_like(scores, MASKED_SCORE))
        weights = torch.softmax(scores, dim=-1)
        out = torch.matmul(weights, v_all).transpose(1, 2).reshape(b, s, c.hidden_size)
        return self.o_proj(out), key, value


class MLP(nn.Module):
    def __init__(self, c: TinyLlamaConfig):
        super().__init__()
        self.gate_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.up_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.down_proj = nn.Linear(c.intermediate_size, c.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, c: TinyLlamaConfig):
        super().__init__()
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.mlp = MLP(c)

    def forward(self, x, cos, sin, allowed, past_key, past_value):
        h, key, value = self.self_attn(self.input_layernorm(x), cos, sin, allowed, past_key, past_value)
        x = x + h
        x = x + self.mlp(self.post_attention_layernorm(x))
        return x, key, value


class TinyLlamaBody(nn.Module):
    """Embeddings and decoder blocks; returns final normed hidden states and the present key/values."""

    def __init__(self, c: TinyLlamaConfig):
        super().__init__()
        self.c = c
        self.embed_tokens = nn.Embedding(c.vocab_size, c.hidden_size)
        self.layers = nn.ModuleList([Block(c) for _ in range(c.num_hidden_layers)])
        self.norm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        inv_freq = 1.0 / (c.rope_theta ** (torch.arange(0, c.head_dim, 2).float() / c.head_dim))
        angles = torch.outer(torch.arange(c.max_position_embeddings).float(), inv_freq)
        angles = torch.cat([angles, angles], dim=-1)
        self.register_buffer("cos_cached", angles.cos(), persistent=False)
        self.register_buffer("sin_cached", angles.sin(), persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, past):
        s = input_ids.shape[1]
        total = attention_mask.shape[1]
        past_len = total - s
        cos = self.cos_cached[position_ids].unsqueeze(1)   # [B,1,S,hd]
        sin = self.sin_cached[position_ids].unsqueeze(1)
        query_pos = torch.arange(s, device=input_ids.device).unsqueeze(1) + past_len   # [S,1]
        key_pos = torch.arange(total, device=input_ids.device).unsqueeze(0)           # [1,T]
        causal = key_pos <= query_pos                                                   # [S,T]
        allowed = causal.unsqueeze(0).unsqueeze(0) & (attention_mask > 0).unsqueeze(1).unsqueeze(2)  # [B,1,S,T]
        x = self.embed_tokens(input_ids)
        presents = []
        for i, layer in enumerate(self.layers):
            x, key, value = layer(x, cos, sin, allowed, past[2 * i], past[2 * i + 1])
            presents += [key, value]
        return self.norm(x), presents

    def empty_past(self, batch):
        c = self.c
        z = torch.zeros(batch, c.num_key_value_heads, 0, c.head_dim)
        return [z] * (2 * c.num_hidden_layers)


class TinyLlamaForCausalLM(nn.Module):
    def __init__(self, c: TinyLlamaConfig):
        super().__init__()
        self.config = c
        self.model = TinyLlamaBody(c)
        self.apply(_init_weights)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        past = list(past) if past else self.model.empty_past(input_ids.shape[0])
        hidden, presents = self.model(input_ids, attention_mask, position_ids, past)
        logits = torch.matmul(hidden, self.model.embed_tokens.weight.t())
        return (logits, *presents)


class TinyLlamaRewardModel(nn.Module):
    """Outcome reward model: the decoder body, pooled at the last attended token, then a linear score head.

    Positions are computed inside from attention_mask (cumsum - 1), so left or right padding give equal scores."""

    def __init__(self, c: TinyLlamaConfig):
        super().__init__()
        self.config = c
        self.model = TinyLlamaBody(c)
        self.score = nn.Linear(c.hidden_size, 1)
        self.apply(_init_weights)

    def hidden_states(self, input_ids, attention_mask):
        position_ids = (torch.cumsum(attention_mask, dim=1) - 1).clamp(min=0)
        hidden, _ = self.model(input_ids, attention_mask, position_ids, self.model.empty_past(input_ids.shape[0]))
        return hidden

    def token_scores(self, input_ids, attention_mask):
        """The score head at every position [B,S] (training only: process labels at step ends)."""
        return self.score(self.hidden_states(input_ids, attention_mask)).squeeze(-1)

    def forward(self, input_ids, attention_mask):
        hidden = self.hidden_states(input_ids, attention_mask)
        lengths = attention_mask.sum(dim=1, keepdim=True)
        last = ((torch.cumsum(attention_mask, dim=1) == lengths) & (attention_mask > 0)).to(hidden.dtype)
        pooled = (hidden * last.unsqueeze(-1)).sum(dim=1)
        return self.score(pooled).squeeze(-1)


def _init_weights(module):
    if isinstance(module, (nn.Linear, nn.Embedding)):
        nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)


def save_checkpoint(path, model, extra=None):
    torch.save({"config": model.config.to_dict(), "state_dict": model.state_dict(), "extra": extra or {}}, path)


def load_checkpoint(path, cls):
    ckpt = torch.load(path, map_location="cpu")
    model = cls(TinyLlamaConfig.from_dict(ckpt["config"]))
    model.load_state_dict(ckpt["state_dict"])
    model.eval()
    return model, ckpt.get("extra", {})


def save_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
