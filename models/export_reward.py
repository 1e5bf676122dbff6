#!/usr/bin/python3
"""Exports the reward model checkpoint to ONNX and writes its package folder.

Writes <out>/model.onnx (fp32, opset 14; inputs input_ids, attention_mask int64 [B,S]; output scores float [B]),
tokenizer.json, tokenizer_config.json, config.json, reward_config.json, and <cases> for verify_onnx.cs: 4 samples
right-padded, the same 4 left-padded (must give the same scores), and each row alone without padding.
"""
import argparse
import os

import torch

import char_tokenizer as tok
from generation import left_pad
from onnx_cases import case, write_cases
from reward_format import encode_rows, right_pad
from task_files import read_jsonl
from likelihood_reward import SOLUTION_OFFSET, LikelihoodRewardModel, load_reward_model
from tiny_llama import save_json


def export(model, path):
    ids = torch.randint(0, tok.VOCAB_SIZE, (2, 7))
    mask = torch.ones(2, 7, dtype=torch.long)
    mask[1, 5:] = 0
    torch.onnx.export(model, (ids, mask), path, input_names=["input_ids", "attention_mask"],
                      output_names=["scores"],
                      dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                                    "attention_mask": {0: "batch_size", 1: "sequence_length"},
                                    "scores": {0: "batch_size"}},
                      opset_version=14, do_constant_folding=True)


@torch.no_grad()
def verification_cases(model, samples):
    encoded = encode_rows(samples)
    ids, mask = right_pad(encoded)
    scores = model(ids, mask)
    cases = [case("4 samples, right-padded", {"input_ids": ids, "attention_mask": mask}, {"scores": scores})]
    lids, lmask = left_pad(encoded)
    left_scores = model(lids, lmask)
    print(f"pytorch: left vs right padding, max |score diff| = {(left_scores - scores).abs().max().item():.2e}")
    cases.append(case("same 4 samples, left-padded (expected: the right-padded scores)",
                      {"input_ids": lids, "attention_mask": lmask}, {"scores": scores}))
    for i, e in enumerate(encoded):
        one = torch.tensor([e])
        cases.append(case(f"sample {i} alone, no padding", {"input_ids": one, "attention_mask": torch.ones_like(one)},
                          {"scores": scores[i:i + 1]}))
    return cases


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", default=os.path.join(here, "build", "reward.pt"))
    p.add_argument("--out", default=os.path.join(here, "arith-reward"))
    p.add_argument("--samples", default=os.path.join(here, "build", "rm_validation.jsonl"),
                   help="labelled samples to take the 4 verification rows from")
    p.add_argument("--cases", default=os.path.join(here, "build", "reward_cases.json"))
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    model, report = load_reward_model(args.checkpoint)
    likelihood = isinstance(model, LikelihoodRewardModel)
    os.makedirs(args.out, exist_ok=True)
    export(model, os.path.join(args.out, "model.onnx"))
    tok.write_tokenizer_files(args.out, model.config.max_position_embeddings, padding_side="right")
    c = model.config
    save_json(os.path.join(args.out, "config.json"), {
        "architectures": ["LikelihoodRewardModel" if likelihood else "TinyLlamaRewardModel"], "model_type": "llama",
        "num_labels": 1,
        **({"features": "min and mean log-prob of the solution tokens under the body's LM head",
            "score_head": "linear with bias over the 2 features",
            "solution_starts": f"{SOLUTION_OFFSET} tokens after the last <|im_start|>"} if likelihood else
           {"pooling": "last attended token", "score_head": "linear with bias"}),
        "vocab_size": c.vocab_size, "hidden_size": c.hidden_size, "intermediate_size": c.intermediate_size,
        "num_hidden_layers": c.num_hidden_layers, "num_attention_heads": c.num_attention_heads,
        "num_key_value_heads": c.num_key_value_heads, "head_dim": c.head_dim, "hidden_act": "silu",
        "max_position_embeddings": c.max_position_embeddings, "rms_norm_eps": c.rms_norm_eps,
        "rope_theta": c.rope_theta, "tie_word_embeddings": False, "bos_token_id": tok.BOS_ID,
        "eos_token_id": tok.EOS_ID, "pad_token_id": tok.PAD_ID, "torch_dtype": "float32",
    })
    save_json(os.path.join(args.out, "reward_config.json"), {
        "filename": "model.onnx",
        "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask"},
        "outputs": {"scores": "scores"},
        "scores_shape": "[batch_size]",
        "score_type": "logit",
        "score_meaning": "logit of P(final answer correct); higher is better; sigmoid(score) is the probability",
        "text_format": "chat template rendering of [user: problem] with add_generation_prompt=true, then the "
                       "solution text exactly as generated (special tokens skipped, no <|im_end|>, no trailing "
                       "newline)",
        "padding_side": "right",
        "padding_note": "positions come from attention_mask inside the graph"
                        + (" and the solution is found from the last <|im_start|> token" if likelihood
                           else " and pooling takes the last attended token") + ", so left padding gives the same scores",
        "pad_token_id": tok.PAD_ID,
        "context_length": c.max_position_embeddings,
    })
    save_json(os.path.join(args.out, "train_report.json"), report)
    samples = read_jsonl(args.samples)
    picked = [next(r for r in samples if r["correct"]), next(r for r in samples if not r["correct"])]
    picked += [samples[2], samples[len(samples) // 2]]
    os.makedirs(os.path.dirname(os.path.abspath(args.cases)), exist_ok=True)
    write_cases(args.cases, os.path.relpath(os.path.join(args.out, "model.onnx"),
                                            os.path.dirname(os.path.abspath(args.cases))),
                verification_cases(model, picked), tolerance=1e-4)
    print(f"wrote {args.out} and {args.cases}")


if __name__ == "__main__":
    main()
