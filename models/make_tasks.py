#!/usr/bin/python3
"""Writes the committed task splits (validation.jsonl, eval.jsonl) and tasks/config.json.

Training is in two stages, each drawing problems from its own seeded stream (never committed):
  pretrain: operands 1..--pretrain-max-operand, stream seed --pretrain-seed, --pretrain-examples problems; its
            stream skips the held-out prompts drawn with the pretrain difficulty (seed --seed);
  finetune: the target difficulty (the options below), stream seed --train-seed; skips the committed held-out prompts.
The committed held-out splits use the target difficulty and contain no prompt of the pretraining stream either, so
no evaluated problem was ever trained on.
"""
import argparse
import dataclasses
import itertools
import json
import os
import random

from arith_task import Difficulty, make_problem, problem_stream, prompt_for


def heldout_splits(seed, difficulty, sizes, exclude=frozenset()):
    """Draws the held-out splits in order (validation, then eval), without duplicates or excluded prompts."""
    rng = random.Random(seed)
    seen = set()
    splits = {}
    for name, size in sizes.items():
        splits[name] = []
        while len(splits[name]) < size:
            expression, solution, answer = make_problem(rng, difficulty)
            prompt = prompt_for(expression)
            if prompt in seen or prompt in exclude:
                continue
            seen.add(prompt)
            splits[name].append({"id": f"{name}-{len(splits[name]):04d}", "prompt": prompt,
                                 "answer": str(answer), "solution": solution})
    return splits


def pretrain_stream(pretrain):
    """The pretraining stream described by config['pretrain']."""
    difficulty = Difficulty(**pretrain["difficulty"])
    old = heldout_splits(pretrain["heldout_seed"], difficulty, pretrain["heldout_sizes"])
    exclude = frozenset(r["prompt"] for rows in old.values() for r in rows)
    return problem_stream(pretrain["train_seed"], difficulty, exclude)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "tasks"))
    p.add_argument("--seed", type=int, default=20261121, help="seed of the held-out splits")
    p.add_argument("--train-seed", type=int, default=2, help="seed of the finetuning stream")
    p.add_argument("--validation-size", type=int, default=500)
    p.add_argument("--eval-size", type=int, default=500)
    p.add_argument("--pretrain-seed", type=int, default=1)
    p.add_argument("--pretrain-max-operand", type=int, default=20)
    p.add_argument("--pretrain-examples", type=int, default=800 * 64)
    for f in dataclasses.fields(Difficulty):
        p.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default)
    args = p.parse_args()
    difficulty = Difficulty(**{f.name: getattr(args, f.name) for f in dataclasses.fields(Difficulty)})
    sizes = {"validation": args.validation_size, "eval": args.eval_size}
    pretrain = {"difficulty": dataclasses.asdict(dataclasses.replace(difficulty, max_operand=args.pretrain_max_operand)),
                "train_seed": args.pretrain_seed, "heldout_seed": args.seed, "heldout_sizes": sizes,
                "examples": args.pretrain_examples}
    pretrained_prompts = frozenset(r["prompt"] for r in itertools.islice(pretrain_stream(pretrain), args.pretrain_examples))
    splits = heldout_splits(args.seed, difficulty, sizes, exclude=pretrained_prompts)
    os.makedirs(args.out, exist_ok=True)
    for name, rows in splits.items():
        with open(os.path.join(args.out, f"{name}.jsonl"), "w") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")
    config = {"difficulty": dataclasses.asdict(difficulty), "heldout_seed": args.seed, "train_seed": args.train_seed,
              "sizes": {k: len(v) for k, v in splits.items()}, "pretrain": pretrain}
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    print(json.dumps(config))


if __name__ == "__main__":
    main()
