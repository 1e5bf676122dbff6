#!/usr/bin/python3
"""Samples solutions from the LM and labels each by the exact answer check (training data for the reward model).

--split train takes problems from the seeded training stream (problems the LM was trained on, after skipping
--skip of them); --split validation|eval takes the committed files. Writes JSONL rows
{problem_id, prompt, answer, sample_index, text, stopped, extracted, correct}. Deterministic given --seed.
"""
import argparse
import itertools
import json
import os
import time

import torch

import task_files
from arith_task import extract_answer, is_correct
from generation import sample_texts
from tiny_llama import TinyLlamaForCausalLM, load_checkpoint


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", default=os.path.join(here, "build", "lm.pt"))
    p.add_argument("--split", choices=["train", "validation", "eval"], default="train")
    p.add_argument("--problems", type=int, default=1000)
    p.add_argument("--skip", type=int, default=0, help="train split: problems of the stream to skip first")
    p.add_argument("--samples", type=int, default=16, help="samples per problem")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    torch.set_num_threads(2)
    model, _ = load_checkpoint(args.checkpoint, TinyLlamaForCausalLM)
    if args.split == "train":
        problems = list(itertools.islice(task_files.train_stream(), args.skip, args.skip + args.problems))
    else:
        problems = task_files.load_split(args.split)[:args.problems]
    gen = torch.Generator().manual_seed(args.seed)
    start = time.time()
    prompts = [pr["prompt"] for pr in problems for _ in range(args.samples)]
    texts, stopped = sample_texts(model, prompts, args.temperature, gen, batch_size=args.batch_size)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    n_correct = 0
    with open(args.out, "w") as f:
        for i, (text, stop) in enumerate(zip(texts, stopped)):
            pr = problems[i // args.samples]
            ok = is_correct(text, pr["answer"])
            n_correct += ok
            f.write(json.dumps({"problem_id": pr["id"], "prompt": pr["prompt"], "answer": pr["answer"],
                                "sample_index": i % args.samples, "text": text, "stopped": stop,
                                "extracted": extract_answer(text), "correct": ok}) + "\n")
    print(json.dumps({"out": args.out, "rows": len(texts), "fraction_correct": n_correct / len(texts),
                      "seconds": round(time.time() - start, 1)}))


if __name__ == "__main__":
    main()
