#!/usr/bin/python3
"""Trains the arithmetic LM (tiny Llama, character tokenizer) from scratch on the seeded training stream.

Each example is the ChatML rendering of [user: prompt, assistant: solution] ending in <|im_end|>; the loss covers
only the assistant tokens (solution + <|im_end|>). A fraction of examples starts with <|endoftext|> (the bos token)
so the model works whether or not a runtime prepends bos. Deterministic given --seed (and the thread count).
"""
import argparse
import json
import math
import os
import random
import time

import torch

import char_tokenizer as tok
import task_files
from arith_task import is_correct
from generation import sample_texts
from tiny_llama import TinyLlamaConfig, TinyLlamaForCausalLM, load_checkpoint, save_checkpoint


def example_ids(row, with_bos):
    prompt = ([tok.BOS_ID] if with_bos else []) + tok.encode(tok.render_prompt(row["prompt"]))
    answer = tok.encode(row["solution"]) + [tok.IM_END_ID]
    return prompt + answer, len(prompt)


def make_batch(rows, rng, bos_fraction):
    seqs = [example_ids(r, rng.random() < bos_fraction) for r in rows]
    width = max(len(s) for s, _ in seqs)
    ids = torch.full((len(rows), width), tok.PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    targets = torch.full((len(rows), width), -100, dtype=torch.long)
    for i, (s, n_prompt) in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
        targets[i, n_prompt - 1:len(s) - 1] = torch.tensor(s[n_prompt:])
    return ids, mask, targets


def lr_at(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default="build/lm.pt", help="checkpoint path")
    p.add_argument("--stage", choices=["pretrain", "finetune"], default="finetune",
                   help="which training stream of tasks/config.json to draw problems from")
    p.add_argument("--init", default="", help="start from this checkpoint (its architecture) instead of from scratch")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--steps", type=int, default=800)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--bos-fraction", type=float, default=0.25)
    p.add_argument("--hidden-size", type=int, default=128)
    p.add_argument("--intermediate-size", type=int, default=384)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--kv-heads", type=int, default=2)
    p.add_argument("--context", type=int, default=256)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--val-problems", type=int, default=200, help="validation problems sampled at the end")
    p.add_argument("--save-every", type=int, default=0, help="also save <out>_step<N>.pt every N steps (0 = never)")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    config = TinyLlamaConfig(vocab_size=tok.VOCAB_SIZE, hidden_size=args.hidden_size,
                             intermediate_size=args.intermediate_size, num_hidden_layers=args.layers,
                             num_attention_heads=args.heads, num_key_value_heads=args.kv_heads,
                             max_position_embeddings=args.context)
    model = TinyLlamaForCausalLM(config)
    init_report = None
    if args.init:
        model, init_report = load_checkpoint(args.init, TinyLlamaForCausalLM)
        model.train()
    n_params = sum(p.numel() for p in model.parameters())
    print(f"parameters {n_params}", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.98))
    stream = task_files.train_stream(args.stage)
    start, cpu_start = time.time(), time.process_time()
    running = 0.0
    model.train()
    for step in range(args.steps):
        rows = [next(stream) for _ in range(args.batch_size)]
        ids, mask, targets = make_batch(rows, rng, args.bos_fraction)
        pos = (torch.cumsum(mask, 1) - 1).clamp(min=0)
        logits = model(ids, mask, pos)[0]
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                                                 ignore_index=-100)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.steps, args.lr, args.warmup)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        running += loss.item()
        if (step + 1) % args.log_every == 0:
            print(f"step {step + 1} loss {running / args.log_every:.4f} lr {opt.param_groups[0]['lr']:.2e} "
                  f"elapsed {time.time() - start:.0f}s cpu {time.process_time() - cpu_start:.0f}s", flush=True)
            running = 0.0
        if args.save_every and (step + 1) % args.save_every == 0 and step + 1 < args.steps:
            os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
            model.eval()
            save_checkpoint(os.path.splitext(args.out)[0] + f"_step{step + 1}.pt", model,
                            {"step": step + 1, "train_seconds": round(time.time() - start, 1)})
            model.train()
    train_seconds, train_cpu_seconds = time.time() - start, time.process_time() - cpu_start
    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    val = task_files.load_split("validation")[:args.val_problems]
    gen = torch.Generator().manual_seed(args.seed)
    report = {"parameters": n_params, "train_seconds": round(train_seconds, 1),
              "train_cpu_seconds": round(train_cpu_seconds, 1), "steps": args.steps,
              "batch_size": args.batch_size, "training_examples": args.steps * args.batch_size,
              "args": vars(args), "init_report": init_report}
    for temperature in (0.0, 1.0):
        texts, _ = sample_texts(model, [r["prompt"] for r in val], temperature, gen)
        acc = sum(is_correct(t, r["answer"]) for t, r in zip(texts, val)) / len(val)
        report[f"validation_accuracy_T{temperature}"] = acc
        print(f"validation accuracy T={temperature}: {acc:.3f}; e.g. {texts[0]!r} (ref {val[0]['solution']!r})",
              flush=True)
    save_checkpoint(args.out, model, report)
    with open(os.path.splitext(args.out)[0] + "_train.json", "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
