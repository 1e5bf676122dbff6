#!/usr/bin/python3
"""Measures the LM on the held-out eval split and writes eval_results.json (the numbers in MODEL_CARD.md).

Per problem: --samples samples at T=1.0 (pass@1 = mean accuracy, unbiased coverage pass@k, majority@16 averaged
over the disjoint groups of 16), --samples-t07 samples at T=0.7, and one greedy answer. Error analysis over the
wrong T=1.0 samples: kinds (arithmetic step / plan / no answer) and the number of distinct wrong answers per
problem. All samples are saved (JSONL) so the reward model can be scored on them. Deterministic given --seed.
"""
import argparse
import collections
import json
import os
import time

import torch

import task_files
from arith_task import extract_answer
from coverage_metrics import error_kind, majority_answer, pass_at_k
from generation import sample_texts
from tiny_llama import TinyLlamaForCausalLM, load_checkpoint


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", default=os.path.join(here, "build", "lm.pt"))
    p.add_argument("--split", default="eval")
    p.add_argument("--problems", type=int, default=500)
    p.add_argument("--samples", type=int, default=64)
    p.add_argument("--samples-t07", type=int, default=8)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--out", default=os.path.join(here, "arith-lm", "eval_results.json"))
    p.add_argument("--samples-out", default=os.path.join(here, "build", "eval_samples_T1.0.jsonl"))
    args = p.parse_args()
    torch.set_num_threads(2)
    model, _ = load_checkpoint(args.checkpoint, TinyLlamaForCausalLM)
    problems = task_files.load_split(args.split)[:args.problems]
    gen = torch.Generator().manual_seed(args.seed)
    start = time.time()
    results = {"split": args.split, "problems": len(problems), "samples_per_problem_T1.0": args.samples,
               "samples_per_problem_T0.7": args.samples_t07, "seed": args.seed}

    greedy, _ = sample_texts(model, [pr["prompt"] for pr in problems], 0.0, gen, batch_size=args.batch_size)
    results["greedy_accuracy"] = sum(extract_answer(t) == int(pr["answer"]) for t, pr in zip(greedy, problems)) / len(problems)

    per_temp = {}
    for temperature, n in ((1.0, args.samples), (0.7, args.samples_t07)):
        prompts = [pr["prompt"] for pr in problems for _ in range(n)]
        texts, stopped = sample_texts(model, prompts, temperature, gen, batch_size=args.batch_size)
        per_temp[temperature] = (n, texts, stopped)
        correct = [extract_answer(t) == int(problems[i // n]["answer"]) for i, t in enumerate(texts)]
        counts = [sum(correct[j * n:(j + 1) * n]) for j in range(len(problems))]
        key = f"T{temperature}"
        results[f"pass@1_{key}"] = sum(counts) / (n * len(problems))
        results[f"coverage_{key}"] = {f"pass@{k}": sum(pass_at_k(n, c, k) for c in counts) / len(problems)
                                      for k in (1, 4, 16, 64) if k <= n}
        results[f"stopped_at_eos_{key}"] = sum(stopped) / len(stopped)
        if n >= 16:
            groups, hits = 0, 0
            for j, pr in enumerate(problems):
                answers = [extract_answer(t) for t in texts[j * n:(j + 1) * n]]
                for g in range(n // 16):
                    groups += 1
                    hits += majority_answer(answers[g * 16:(g + 1) * 16]) == int(pr["answer"])
            results[f"majority@16_{key}"] = hits / groups
        if temperature == 1.0:
            kinds = collections.Counter()
            distinct_wrong = []
            for j, pr in enumerate(problems):
                wrong = [t for t, ok in zip(texts[j * n:(j + 1) * n], correct[j * n:(j + 1) * n]) if not ok]
                kinds.update(error_kind(t, pr["solution"]) for t in wrong)
                if wrong:
                    distinct_wrong.append(len({extract_answer(t) for t in wrong}))
            total_wrong = sum(kinds.values())
            results["wrong_sample_kinds_T1.0"] = {k: v / total_wrong for k, v in sorted(kinds.items())}
            results["mean_distinct_wrong_answers_per_problem_T1.0"] = sum(distinct_wrong) / max(1, len(distinct_wrong))
            results["problems_never_solved_T1.0"] = sum(c == 0 for c in counts) / len(problems)
            results["problems_always_solved_T1.0"] = sum(c == n for c in counts) / len(problems)
            os.makedirs(os.path.dirname(os.path.abspath(args.samples_out)), exist_ok=True)
            with open(args.samples_out, "w") as f:
                for i, (t, s) in enumerate(zip(texts, stopped)):
                    pr = problems[i // n]
                    f.write(json.dumps({"problem_id": pr["id"], "prompt": pr["prompt"], "answer": pr["answer"],
                                        "sample_index": i % n, "text": t, "stopped": s,
                                        "extracted": extract_answer(t), "correct": correct[i]}) + "\n")
    results["examples_T1.0"] = [{"prompt": problems[j]["prompt"], "reference": problems[j]["solution"],
                                 "samples": per_temp[1.0][1][j * args.samples:j * args.samples + 4]}
                                for j in range(3)]
    results["seconds"] = round(time.time() - start, 1)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(json.dumps({k: v for k, v in results.items() if k != "examples_T1.0"}, indent=1))


if __name__ == "__main__":
    main()
