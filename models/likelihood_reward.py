"""The bundled reward model: a verifier LM's token log-probabilities of the solution, combined by a trained head.

Body: a decoder of the LM's architecture (a sibling of the policy: same pretraining, a shorter finetune, so it is a
weaker judge than the policy itself). For every solution token it gives log p(token | everything before), from its
own LM head. Features: the minimum and the mean of those log-probs over the solution (a slipped digit is a token
the verifier finds unlikely). Head: score = w_min * min + w_mean * mean + b, fitted by logistic regression on the
policy's labelled samples, so the score is the logit of P(final answer correct).

The solution is everything after the last '<|im_start|>' token plus 'assistant\\n' (SOLUTION_OFFSET tokens from
the '<|im_start|>'); positions come from attention_mask, so left and right padding score the same.
"""
import torch
from torch import nn

import char_tokenizer as tok
from tiny_llama import TinyLlamaBody, TinyLlamaConfig, _init_weights

SOLUTION_OFFSET = 1 + len("assistant\n")


class LikelihoodRewardModel(nn.Module):
    def __init__(self, c: TinyLlamaConfig):
        super().__init__()
        self.config = c
        self.model = TinyLlamaBody(c)
        self.head = nn.Linear(2, 1)
        self.apply(_init_weights)

    def features(self, input_ids, attention_mask):
        """[B, 2]: min and mean log-prob of the solution tokens."""
        position_ids = (torch.cumsum(attention_mask, dim=1) - 1).clamp(min=0)
        hidden, _ = self.model(input_ids, attention_mask, position_ids, self.model.empty_past(input_ids.shape[0]))
        logprobs = torch.log_softmax(torch.matmul(hidden[:, :-1], self.model.embed_tokens.weight.t()), dim=-1)
        token_logprobs = torch.gather(logprobs, 2, input_ids[:, 1:].unsqueeze(-1)).squeeze(-1)    # [B, S-1]
        index = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)           # [1, S]
        attended = attention_mask > 0
        starts = (input_ids == tok.IM_START_ID) & attended
        last_start = torch.max(torch.where(starts, index, torch.zeros_like(index)), dim=1, keepdim=True).values
        solution = ((index >= last_start + SOLUTION_OFFSET) & attended)[:, 1:]                     # [B, S-1]
        count = solution.sum(dim=1).clamp(min=1).to(token_logprobs.dtype)
        minimum = torch.where(solution, token_logprobs, torch.zeros_like(token_logprobs)).min(dim=1).values
        mean = torch.where(solution, token_logprobs, torch.zeros_like(token_logprobs)).sum(dim=1) / count
        return torch.stack([minimum, mean], dim=1)

    def forward(self, input_ids, attention_mask):
        return self.head(self.features(input_ids, attention_mask)).squeeze(-1)


def load_reward_model(path):
    """Either reward model kind from a checkpoint: this one (extra.kind == 'likelihood') or the pooled-head
    TinyLlamaRewardModel that train_reward.py writes."""
    from tiny_llama import TinyLlamaRewardModel, load_checkpoint
    kind = torch.load(path, map_location="cpu").get("extra", {}).get("kind")
    return load_checkpoint(path, LikelihoodRewardModel if kind == "likelihood" else TinyLlamaRewardModel)
