#!/usr/bin/python3
"""Writes the committed task splits (validation.jsonl, eval.jsonl) and tasks/config.json.

The training split is not committed: train_lm.py draws it from the same seeded generator (config.json holds its
seed and the difficulty), skipping every prompt that appears in validation or eval.
"""
import argparse
import dataclasses
import json
import os
import random

from arith_task import Difficulty, make_problem, prompt_for


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "tasks"))
    p.add_argument("--seed", type=int, default=20261121, help="seed of the held-out splits")
    p.add_argument("--train-seed", type=int, default=1, help="seed of the on-the-fly training stream")
    p.add_argument("--validation-size", type=int, default=500)
    p.add_argument("--eval-size", type=int, default=500)
    for f in dataclasses.fields(Difficulty):
        p.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default)
    args = p.parse_args()
    difficulty = Difficulty(**{f.name: getattr(args, f.name) for f in dataclasses.fields(Difficulty)})
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    seen = set()
    splits = {"validation": [], "eval": []}
    for name, size in (("validation", args.validation_size), ("eval", args.eval_size)):
        while len(splits[name]) < size:
            expression, solution, answer = make_problem(rng, difficulty)
            prompt = prompt_for(expression)
            if prompt in seen:
                continue
            seen.add(prompt)
            splits[name].append({"id": f"{name}-{len(splits[name]):04d}", "prompt": prompt,
                                 "answer": str(answer), "solution": solution})
        with open(os.path.join(args.out, f"{name}.jsonl"), "w") as f:
            for row in splits[name]:
                f.write(json.dumps(row) + "\n")
    config = {"difficulty": dataclasses.asdict(difficulty), "heldout_seed": args.seed, "train_seed": args.train_seed,
              "sizes": {k: len(v) for k, v in splits.items()}}
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    print(json.dumps(config))


if __name__ == "__main__":
    main()
