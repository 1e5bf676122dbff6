#!/usr/bin/python3
"""Writes golden.json: what the C# side should reproduce through its own tokenizer, loader and ONNX Runtime.

For a few eval problems: the rendered prompt and its token ids, the greedy continuation (ids and text, stopping at
<|im_end|> or after --max-new-tokens), whether it is correct, and the reward model's score of (prompt, greedy text),
all computed by the PyTorch models that were exported.
"""
import argparse
import json
import os

import torch

import char_tokenizer as tok
import task_files
from arith_task import is_correct
from generation import sample
from reward_format import reward_text
from likelihood_reward import load_reward_model
from tiny_llama import TinyLlamaForCausalLM, load_checkpoint


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--lm", default=os.path.join(here, "build", "lm.pt"))
    p.add_argument("--reward", default=os.path.join(here, "build", "reward.pt"))
    p.add_argument("--problems", type=int, default=4)
    p.add_argument("--max-new-tokens", type=int, default=80)
    p.add_argument("--out", default=os.path.join(here, "golden.json"))
    args = p.parse_args()
    torch.set_num_threads(2)
    lm, _ = load_checkpoint(args.lm, TinyLlamaForCausalLM)
    rm, _ = load_reward_model(args.reward)
    rows = []
    for problem in task_files.load_split("eval")[:args.problems]:
        rendered = tok.render_prompt(problem["prompt"])
        ids = tok.encode(rendered)
        generated, stopped = sample(lm, [ids], 0.0, None, max_new_tokens=args.max_new_tokens)
        text = tok.decode(generated[0])
        scored = tok.encode(reward_text(problem["prompt"], text))
        with torch.no_grad():
            score = rm(torch.tensor([scored]), torch.ones(1, len(scored), dtype=torch.long)).item()
        rows.append({"id": problem["id"], "prompt": problem["prompt"], "answer": problem["answer"],
                     "rendered_prompt": rendered, "prompt_ids": ids, "greedy_ids": generated[0],
                     "greedy_stopped_at_eos": stopped[0], "greedy_text": text,
                     "greedy_correct": is_correct(text, problem["answer"]),
                     "reward_input_ids": scored, "reward_score": score})
    with open(args.out, "w") as f:
        json.dump({"lm": "arith-lm/model.onnx", "reward": "arith-reward/model.onnx", "decoding": "greedy",
                   "eos_token_id": tok.EOS_ID, "cases": rows}, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}: " + "; ".join(f"{r['greedy_text']!r} -> {r['reward_score']:.4f}" for r in rows))


if __name__ == "__main__":
    main()
