"""Batched sampling from the PyTorch LM with left padding and a KV cache (the same path the ONNX export serves)."""
import torch

import char_tokenizer as tok


def left_pad(rows, pad_id=tok.PAD_ID):
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, width - len(r):] = torch.tensor(r, dtype=torch.long)
        mask[i, width - len(r):] = 1
    return ids, mask


def positions(mask):
    return (torch.cumsum(mask, dim=1) - 1).clamp(min=0)


@torch.no_grad()
def sample(model, prompt_ids, temperature, generator, max_new_tokens=80, eos_id=tok.EOS_ID):
    """Samples one continuation per prompt (greedy when temperature == 0); returns lists of new token ids
    (without the eos token) and whether each row stopped at eos. Finished rows leave the batch."""
    ids, mask = left_pad(prompt_ids)
    b = ids.shape[0]
    out = model(ids, mask, positions(mask))
    logits, past = out[0][:, -1, :], list(out[1:])
    generated = [[] for _ in range(b)]
    finished = [False] * b
    rows = list(range(b))                      # batch slot -> original row
    next_pos = positions(mask)[:, -1] + 1
    for _ in range(max_new_tokens):
        if temperature == 0:
            next_ids = logits.argmax(dim=-1)
        else:
            probs = torch.softmax(logits / temperature, dim=-1)
            next_ids = torch.multinomial(probs, 1, generator=generator).squeeze(1)
        keep = []
        for slot, t in enumerate(next_ids.tolist()):
            if t == eos_id:
                finished[rows[slot]] = True
            else:
                generated[rows[slot]].append(t)
                keep.append(slot)
        if not keep:
            break
        if len(keep) < len(rows):
            index = torch.tensor(keep)
            rows = [rows[s] for s in keep]
            next_ids, mask, next_pos = next_ids[index], mask[index], next_pos[index]
            past = [p[index] for p in past]
        mask = torch.cat([mask, torch.ones((len(rows), 1), dtype=torch.long)], dim=1)
        out = model(next_ids.unsqueeze(1), mask, next_pos.unsqueeze(1), *past)
        logits, past = out[0][:, -1, :], list(out[1:])
        next_pos = next_pos + 1
    return generated, finished


def sample_texts(model, prompts, temperature, generator, batch_size=512, max_new_tokens=80):
    """Samples one solution text per user prompt, in batches; returns (texts, stopped_at_eos)."""
    texts, stopped = [], []
    for start in range(0, len(prompts), batch_size):
        chunk = [tok.encode(tok.render_prompt(p)) for p in prompts[start:start + batch_size]]
        gen, fin = sample(model, chunk, temperature, generator, max_new_tokens=max_new_tokens)
        texts += [tok.decode(g) for g in gen]
        stopped += fin
    return texts, stopped
