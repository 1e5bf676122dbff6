#!/usr/bin/python3
"""Builds the bundled reward model (likelihood_reward.py): takes a verifier LM checkpoint as the body and fits the
score head by logistic regression on the policy's labelled samples (sample_and_label.py).

Reports ROC-AUC on the validation samples (problems never used for fitting) and, if given, on the eval samples.
Deterministic: the features are a pure function of the body, and L-BFGS starts from zero.
"""
import argparse
import os
import time

import torch

from coverage_metrics import roc_auc
from likelihood_reward import LikelihoodRewardModel
from reward_format import encode_rows, right_pad
from task_files import read_jsonl
from tiny_llama import TinyLlamaForCausalLM, load_checkpoint
from train_reward import finish


@torch.no_grad()
def features(model, encoded, batch_size=512):
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    out = torch.zeros(len(encoded), 2)
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        out[idx] = model.features(*right_pad([encoded[i] for i in idx]))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--body", default=os.path.join(here, "build", "rm_body.pt"), help="verifier LM checkpoint")
    p.add_argument("--train", default=os.path.join(here, "build", "rm_train.jsonl"))
    p.add_argument("--validation", default=os.path.join(here, "build", "rm_validation.jsonl"))
    p.add_argument("--eval", default="", help="optional extra labelled samples to report AUC on")
    p.add_argument("--out", default=os.path.join(here, "build", "reward.pt"))
    args = p.parse_args()
    torch.set_num_threads(2)
    start = time.time()
    body, body_report = load_checkpoint(args.body, TinyLlamaForCausalLM)
    model = LikelihoodRewardModel(body.config)
    model.model.load_state_dict(body.model.state_dict())
    model.eval()
    train, validation = read_jsonl(args.train), read_jsonl(args.validation)
    x = features(model, encode_rows(train))
    y = torch.tensor([float(r["correct"]) for r in train])
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=500, tolerance_grad=1e-9, tolerance_change=1e-12,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x @ w + b, y)
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x @ w + b, y).item()
        model.head.weight.copy_(w.detach().unsqueeze(0))
        model.head.bias.copy_(b.detach())
        val_scores = model.head(features(model, encode_rows(validation))).squeeze(-1).tolist()
    report = {"kind": "likelihood", "body": os.path.relpath(args.body, here),
              "body_report": {k: body_report.get(k) for k in ("steps", "train_seconds", "validation_accuracy_T0.0",
                                                              "validation_accuracy_T1.0", "args")},
              "fit_seconds": round(time.time() - start, 1), "train_rows": len(train),
              "train_fraction_correct": float(y.mean()), "train_loss": loss,
              "head": {"w_min": float(w[0]), "w_mean": float(w[1]), "bias": float(b[0])},
              "parameters": sum(p.numel() for p in model.parameters()), "validation_rows": len(validation),
              "validation_auc": roc_auc(val_scores, [r["correct"] for r in validation])}
    with torch.no_grad():
        finish(args.out, model, report, args.eval,
               lambda rows: model.head(features(model, encode_rows(rows))).squeeze(-1).tolist())

if __name__ == "__main__":
    main()
