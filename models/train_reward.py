#!/usr/bin/python3
"""Trains the outcome reward model on the LM's own labelled samples (from sample_and_label.py).

Input text: reward_format.reward_text(prompt, solution). The model is a small decoder body pooled at the last
attended token with a linear head; its output is the logit of P(answer correct), trained with binary cross-entropy.
Reports ROC-AUC on the validation samples (problems the reward model never saw) and, if given, on the eval samples.
Deterministic given --seed.
"""
import argparse
import json
import os
import random
import time

import torch

import char_tokenizer as tok
from coverage_metrics import roc_auc
from reward_format import encode_rows, right_pad
from step_labels import step_labels
from task_files import read_jsonl
from tiny_llama import (TinyLlamaConfig, TinyLlamaForCausalLM, TinyLlamaRewardModel, load_checkpoint,
                        save_checkpoint)


@torch.no_grad()
def score_all(model, encoded, batch_size=256):
    model.eval()
    scores = []
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    out = [0.0] * len(encoded)
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        ids, mask = right_pad([encoded[i] for i in idx])
        for i, s in zip(idx, model(ids, mask).tolist()):
            out[i] = s
    model.train()
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--train", default=os.path.join(here, "build", "rm_train.jsonl"))
    p.add_argument("--validation", default=os.path.join(here, "build", "rm_validation.jsonl"))
    p.add_argument("--eval", default="", help="optional extra labelled samples to report AUC on")
    p.add_argument("--out", default=os.path.join(here, "build", "reward.pt"))
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--hidden-size", type=int, default=64)
    p.add_argument("--intermediate-size", type=int, default=192)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--kv-heads", type=int, default=1)
    p.add_argument("--init-lm", default="", help="initialise the body from this LM checkpoint (its architecture; "
                   "the size options are then ignored)")
    p.add_argument("--pairwise-weight", type=float, default=0.0,
                   help="> 0: batches are groups of --group-size samples of one problem, and a pairwise logistic "
                        "loss on (correct, wrong) pairs within a group is added with this weight")
    p.add_argument("--group-size", type=int, default=4)
    p.add_argument("--step-weight", type=float, default=0.0,
                   help="> 0: add a binary cross-entropy on process labels (step_labels.py: still on the reference "
                        "path?) at the '.' ending each solution step, with this weight")
    p.add_argument("--train-rows", type=int, default=0, help="use only the first N training rows (0 = all)")
    p.add_argument("--log-every", type=int, default=100)
    args = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    train = read_jsonl(args.train)
    if args.train_rows:
        train = train[:args.train_rows]
    validation = read_jsonl(args.validation)
    train_ids, val_ids = encode_rows(train), encode_rows(validation)
    labels = torch.tensor([float(r["correct"]) for r in train])
    problem_of = [r["problem_id"] for r in train]
    by_problem = {}
    for i, pid in enumerate(problem_of):
        by_problem.setdefault(pid, []).append(i)
    groups = list(by_problem.values())
    steps = []
    for r in train:
        offset = len(tok.encode(tok.render_prompt(r["prompt"])))
        steps.append([(offset + i, y) for i, y in step_labels(r["prompt"], r["text"])])
    config = TinyLlamaConfig(vocab_size=tok.VOCAB_SIZE, hidden_size=args.hidden_size,
                             intermediate_size=args.intermediate_size, num_hidden_layers=args.layers,
                             num_attention_heads=args.heads, num_key_value_heads=args.kv_heads,
                             max_position_embeddings=256)
    model = TinyLlamaRewardModel(config)
    if args.init_lm:
        lm, _ = load_checkpoint(args.init_lm, TinyLlamaForCausalLM)
        model = TinyLlamaRewardModel(lm.config)
        model.model.load_state_dict(lm.model.state_dict())
    n_params = sum(p.numel() for p in model.parameters())
    print(f"parameters {n_params}; train rows {len(train)} ({labels.mean():.3f} correct); "
          f"validation rows {len(validation)}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    start = time.time()
    order = []
    running = 0.0
    for step in range(args.steps):
        if len(order) < args.batch_size:
            more = list(range(len(train)))
            rng.shuffle(more)
            order += more
        if args.pairwise_weight > 0:
            idx = []
            for _ in range(args.batch_size // args.group_size):
                members = groups[rng.randrange(len(groups))]
                idx += rng.sample(members, min(args.group_size, len(members)))
        else:
            idx, order = order[:args.batch_size], order[args.batch_size:]
        ids, mask = right_pad([train_ids[i] for i in idx])
        lr = args.lr * min(1.0, (step + 1) / 50) * (0.1 + 0.9 * (1 - step / args.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        if args.step_weight > 0:
            per_token = model.token_scores(ids, mask)
            lengths = mask.sum(dim=1)
            scores = per_token[torch.arange(len(idx)), lengths - 1]
            rows = [b for b, i in enumerate(idx) for _ in steps[i]]
            cols = [pos for i in idx for pos, _ in steps[i]]
            targets = torch.tensor([y for i in idx for _, y in steps[i]])
        else:
            scores = model(ids, mask)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(scores, labels[idx])
        if args.step_weight > 0 and rows:
            loss = loss + args.step_weight * torch.nn.functional.binary_cross_entropy_with_logits(
                per_token[rows, cols], targets)
        if args.pairwise_weight > 0:
            same = torch.tensor([[problem_of[i] == problem_of[j] for j in idx] for i in idx])
            better = same & (labels[idx].unsqueeze(1) > labels[idx].unsqueeze(0))
            if bool(better.any()):
                margins = scores.unsqueeze(1) - scores.unsqueeze(0)
                loss = loss + args.pairwise_weight * torch.nn.functional.softplus(-margins[better]).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        running += loss.item()
        if (step + 1) % args.log_every == 0:
            print(f"step {step + 1} loss {running / args.log_every:.4f} elapsed {time.time() - start:.0f}s", flush=True)
            running = 0.0
    train_seconds = time.time() - start
    val_scores = score_all(model, val_ids)
    report = {"parameters": n_params, "train_seconds": round(train_seconds, 1), "steps": args.steps,
              "train_rows": len(train), "train_fraction_correct": float(labels.mean()),
              "validation_rows": len(validation),
              "validation_auc": roc_auc(val_scores, [r["correct"] for r in validation]), "args": vars(args)}
    finish(args.out, model, report, args.eval, lambda rows: score_all(model, encode_rows(rows)))


def finish(out, model, report, eval_path, score_rows):
    """Adds the AUC on eval_path's labelled samples (when given), prints the report, saves the checkpoint with it
    and writes it next to the checkpoint as <out>_train.json."""
    if eval_path and os.path.exists(eval_path):
        evaluation = read_jsonl(eval_path)
        report["eval_rows"] = len(evaluation)
        report["eval_auc"] = roc_auc(score_rows(evaluation), [r["correct"] for r in evaluation])
    print(json.dumps(report), flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    save_checkpoint(out, model, report)
    with open(os.path.splitext(out)[0] + "_train.json", "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
