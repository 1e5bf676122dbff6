"""The exact text the reward model scores: the chat template's rendering of the user message with the generation
prompt, followed by the solution text as generated (no <|im_end|>, no trailing newline)."""
import torch

import char_tokenizer as tok


def reward_text(prompt: str, solution: str) -> str:
    return tok.render_prompt(prompt) + solution


def right_pad(rows, pad_id=tok.PAD_ID):
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r, dtype=torch.long)
        mask[i, :len(r)] = 1
    return ids, mask


def encode_rows(rows):
    return [tok.encode(reward_text(r["prompt"], r["text"])) for r in rows]
