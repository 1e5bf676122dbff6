#!/usr/bin/python3
"""Measures the reward model on the LM's eval-set samples (written by evaluate.py) and writes eval_results.json.

Reports ROC-AUC over all samples, the mean ROC-AUC within a problem (over problems with both correct and wrong
samples: how well the score ranks one problem's samples, which is what Best-of-N needs), and the accuracy of selecting one answer out of N samples (averaged over the
disjoint groups of N of each problem's samples) by: best-of-N (highest score), majority vote, and reward-weighted
majority (sum of sigmoid(score) per answer), next to the oracle (pass@N: any sample correct). Also: how often the
reference solution of an eval problem out-scores its corrupted twin (corruption.py: one arithmetic slip, carried
through).
"""
import argparse
import collections
import json
import math
import os

import torch

from corruption import corrupted_solution
from coverage_metrics import majority_answer, roc_auc
from reward_format import encode_rows
from task_files import read_jsonl
from likelihood_reward import load_reward_model
from train_reward import score_all


def select(rows, scores, strategy):
    if strategy == "best_of_n":
        return rows[max(range(len(rows)), key=lambda i: scores[i])]["extracted"]
    if strategy == "majority":
        return majority_answer([r["extracted"] for r in rows])
    weights = collections.defaultdict(float)
    for r, s in zip(rows, scores):
        if r["extracted"] is not None:
            weights[r["extracted"]] += 1 / (1 + math.exp(-s))
    return max(weights, key=weights.get) if weights else None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", default=os.path.join(here, "build", "reward.pt"))
    p.add_argument("--samples", default=os.path.join(here, "build", "eval_samples_T1.0.jsonl"))
    p.add_argument("--problems", default=os.path.join(here, "tasks", "eval.jsonl"))
    p.add_argument("--out", default=os.path.join(here, "arith-reward", "eval_results.json"))
    args = p.parse_args()
    torch.set_num_threads(2)
    model, _ = load_reward_model(args.checkpoint)
    rows = read_jsonl(args.samples)
    scores = score_all(model, encode_rows(rows))
    by_problem = collections.defaultdict(list)
    for r, s in zip(rows, scores):
        by_problem[r["problem_id"]].append((r, s))
    results = {"samples": args.samples, "rows": len(rows), "problems": len(by_problem),
               "fraction_correct": sum(r["correct"] for r in rows) / len(rows),
               "auc": roc_auc(scores, [r["correct"] for r in rows]),
               "mean_score_correct": sum(s for r, s in zip(rows, scores) if r["correct"]) / max(1, sum(r["correct"] for r in rows)),
               "mean_score_wrong": sum(s for r, s in zip(rows, scores) if not r["correct"]) / max(1, sum(not r["correct"] for r in rows)),
               "selection_accuracy": {}}
    within = [roc_auc([s for _, s in items], [r["correct"] for r, _ in items]) for items in by_problem.values()
              if 0 < sum(r["correct"] for r, _ in items) < len(items)]
    results["within_problem_auc_mean"] = sum(within) / len(within) if within else None
    results["within_problem_auc_problems"] = len(within)
    problems = read_jsonl(args.problems)
    pairs = [{"prompt": q["prompt"], "text": q["solution"]} for q in problems]
    pairs += [{"prompt": q["prompt"], "text": corrupted_solution(q["prompt"], i)} for i, q in enumerate(problems)]
    pair_scores = score_all(model, encode_rows(pairs))
    n = len(problems)
    results["reference_above_corrupted"] = sum(pair_scores[i] > pair_scores[n + i] for i in range(n)) / n
    results["reference_above_corrupted_problems"] = n
    per_problem = min(len(v) for v in by_problem.values())
    for n in (1, 4, 16, 64):
        if n > per_problem:
            continue
        hits = collections.Counter()
        groups = 0
        for items in by_problem.values():
            answer = int(items[0][0]["answer"])
            for g in range(per_problem // n):
                chunk = items[g * n:(g + 1) * n]
                group_rows, group_scores = [r for r, _ in chunk], [s for _, s in chunk]
                groups += 1
                hits["oracle_pass@n"] += any(r["correct"] for r in group_rows)
                for strategy in ("best_of_n", "majority", "weighted_majority"):
                    hits[strategy] += select(group_rows, group_scores, strategy) == answer
        results["selection_accuracy"][f"N={n}"] = {k: v / groups for k, v in sorted(hits.items())}
        results["selection_accuracy"][f"N={n}"]["groups"] = groups
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
