#!/usr/bin/python3
"""Writes tokenizer check cases for verify_tokenizer.mjs and checks the chat template with Jinja2.

For a few chat-rendered samples (prompt, prompt + solution + <|im_end|>, with and without a leading bos, odd
characters and whitespace) it records the ids the Python training code uses. It also renders tokenizer_config.json's
chat_template with python3-jinja2 (trim_blocks, lstrip_blocks, as Hugging Face does) and fails unless the
rendering equals the text the models were trained on.
"""
import argparse
import json
import os
import sys

import jinja2

import char_tokenizer as tok
import task_files


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--package", default=os.path.join(here, "arith-lm"), help="folder with tokenizer_config.json")
    p.add_argument("--out", default=os.path.join(here, "build", "tokenizer_cases.json"))
    args = p.parse_args()
    with open(os.path.join(args.package, "tokenizer_config.json")) as f:
        config = json.load(f)
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(config["chat_template"])
    rows = task_files.load_split("eval")[:5]
    texts = []
    for r in rows:
        rendered = template.render(messages=[{"role": "user", "content": r["prompt"]}], add_generation_prompt=True,
                                   bos_token=config["bos_token"], eos_token=config["eos_token"])
        if rendered != tok.render_prompt(r["prompt"]):
            sys.exit(f"chat template renders {rendered!r}, training used {tok.render_prompt(r['prompt'])!r}")
        full = template.render(messages=[{"role": "user", "content": r["prompt"]},
                                         {"role": "assistant", "content": r["solution"]}],
                               add_generation_prompt=False, bos_token=config["bos_token"],
                               eos_token=config["eos_token"])
        trained = tok.render_prompt(r["prompt"]) + r["solution"] + tok.IM_END
        if full != trained + "\n":
            sys.exit(f"chat template renders {full!r}, training used {trained!r} + newline")
        texts += [rendered, trained]
    texts += [tok.ENDOFTEXT + texts[1], "Compute 1 + 2 * 3?\n\n  tabs\tare not in the vocabulary",
              "a<|im_end|>b<|im_start|><|endoftext|> ~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", "<|im_end", " "]
    cases = []
    for t in texts:
        try:
            ids = tok.encode(t)
        except ValueError:
            ids = None        # not encodable: the reference must not round-trip it either (tab is not in vocab)
        cases.append({"text": t, "ids": ids})
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"tokenizer_dir": os.path.relpath(args.package, os.path.dirname(os.path.abspath(args.out))),
                   "cases": cases}, f, indent=1)
    print(f"chat template OK on {len(rows)} problems; wrote {len(cases)} cases to {args.out}")


if __name__ == "__main__":
    main()
