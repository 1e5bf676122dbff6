#!/usr/bin/python3
"""Exports the trained LM checkpoint as an Optimum/model-builder style ONNX package with a KV cache.

Writes <out>/model.onnx (fp32, opset 14), tokenizer.json, tokenizer_config.json, genai_config.json, config.json,
generation_config.json, and <cases> for verify_onnx.cs: a batch of 4 left-padded prompts run (1) as a prefill with
an empty past, (2) three more tokens with the past from (1), (3) one decode step with the past from (2), each with
the logits and presents PyTorch computed.
"""
import argparse
import os

import torch

import char_tokenizer as tok
import task_files
from generation import left_pad
from onnx_cases import case, write_cases
from tiny_llama import TinyLlamaForCausalLM, load_checkpoint, save_json


def io_names(n_layers):
    past = [f"past_key_values.{i}.{kv}" for i in range(n_layers) for kv in ("key", "value")]
    present = [f"present.{i}.{kv}" for i in range(n_layers) for kv in ("key", "value")]
    return ["input_ids", "attention_mask", "position_ids"] + past, ["logits"] + present


def export(model, path):
    c = model.config
    inputs, outputs = io_names(c.num_hidden_layers)
    b, s, past = 2, 3, 4
    ids = torch.randint(0, tok.VOCAB_SIZE, (b, s))
    mask = torch.ones(b, past + s, dtype=torch.long)
    pos = torch.arange(past, past + s).unsqueeze(0).expand(b, s).contiguous()
    pkv = [torch.randn(b, c.num_key_value_heads, past, c.head_dim) for _ in range(2 * c.num_hidden_layers)]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for name in inputs[3:]:
        axes[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in outputs[1:]:
        axes[name] = {0: "batch_size", 2: "total_sequence_length"}
    torch.onnx.export(model, (ids, mask, pos, *pkv), path, input_names=inputs, output_names=outputs,
                      dynamic_axes=axes, opset_version=14, do_constant_folding=True)


def positions(mask):
    return (torch.cumsum(mask, dim=1) - 1).clamp(min=0)


@torch.no_grad()
def verification_cases(model):
    c = model.config
    inputs, outputs = io_names(c.num_hidden_layers)
    rows = task_files.load_split("validation")[:4]
    prompts = [tok.encode(tok.render_prompt(r["prompt"])) for r in rows]
    prompts[1] = [tok.BOS_ID] + prompts[1]            # rows of different lengths, so the batch is left-padded
    prompts[2] = prompts[2][:-5]
    ids, mask = left_pad(prompts)
    pos = positions(mask)
    empty = [torch.zeros(4, c.num_key_value_heads, 0, c.head_dim) for _ in range(2 * c.num_hidden_layers)]
    cases = []
    out1 = model(ids, mask, pos, *empty)
    feed1 = dict(zip(inputs, [ids, mask, pos, *empty]))
    cases.append(case("prefill, left-padded, past length 0", feed1, dict(zip(outputs, out1))))

    steps = torch.tensor([tok.encode(r["solution"][:3]) for r in rows])
    mask2 = torch.cat([mask, torch.ones(4, 3, dtype=torch.long)], dim=1)
    pos2 = pos[:, -1:] + 1 + torch.arange(3).unsqueeze(0)
    out2 = model(steps, mask2, pos2, *out1[1:])
    cases.append(case("3 tokens with the past of the prefill", {"input_ids": steps, "attention_mask": mask2,
                                                                "position_ids": pos2},
                      dict(zip(outputs, out2)), past_from=0))
    one = out2[0][:, -1, :].argmax(-1, keepdim=True)
    mask3 = torch.cat([mask2, torch.ones(4, 1, dtype=torch.long)], dim=1)
    pos3 = pos2[:, -1:] + 1
    out3 = model(one, mask3, pos3, *out2[1:])
    cases.append(case("1 decode step with the past of the previous case",
                      {"input_ids": one, "attention_mask": mask3, "position_ids": pos3},
                      dict(zip(outputs, out3)), past_from=1))
    full_ids = torch.cat([ids, steps, one], dim=1)
    full = model(full_ids, mask3, positions(mask3), *[torch.zeros_like(e) for e in empty])
    consistency = (full[0][:, -4:, :] - torch.cat([out2[0], out3[0]], dim=1)).abs().max().item()
    print(f"pytorch: cached decode vs one full pass, max |diff| of logits = {consistency:.2e}")
    return cases


def write_configs(model, out, train_report):
    c = model.config
    save_json(os.path.join(out, "genai_config.json"), {
        "model": {
            "bos_token_id": tok.BOS_ID,
            "context_length": c.max_position_embeddings,
            "decoder": {
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
                "filename": "model.onnx",
                "head_size": c.head_dim,
                "hidden_size": c.hidden_size,
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask",
                           "position_ids": "position_ids", "past_key_names": "past_key_values.%d.key",
                           "past_value_names": "past_key_values.%d.value"},
                "outputs": {"logits": "logits", "present_key_names": "present.%d.key",
                            "present_value_names": "present.%d.value"},
                "num_attention_heads": c.num_attention_heads,
                "num_hidden_layers": c.num_hidden_layers,
                "num_key_value_heads": c.num_key_value_heads,
            },
            "eos_token_id": tok.EOS_ID,
            "pad_token_id": tok.PAD_ID,
            "type": "llama",
            "vocab_size": c.vocab_size,
        },
        "search": {"diversity_penalty": 0.0, "do_sample": True, "early_stopping": True, "length_penalty": 1.0,
                   "max_length": c.max_position_embeddings, "min_length": 0, "no_repeat_ngram_size": 0,
                   "num_beams": 1, "num_return_sequences": 1, "past_present_share_buffer": False,
                   "repetition_penalty": 1.0, "temperature": 1.0, "top_k": 0, "top_p": 1.0},
    })
    save_json(os.path.join(out, "config.json"), {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": c.vocab_size,
        "hidden_size": c.hidden_size, "intermediate_size": c.intermediate_size,
        "num_hidden_layers": c.num_hidden_layers, "num_attention_heads": c.num_attention_heads,
        "num_key_value_heads": c.num_key_value_heads, "head_dim": c.head_dim, "hidden_act": "silu",
        "max_position_embeddings": c.max_position_embeddings, "rms_norm_eps": c.rms_norm_eps,
        "rope_theta": c.rope_theta, "rope_scaling": None, "attention_bias": False, "mlp_bias": False,
        "tie_word_embeddings": True, "bos_token_id": tok.BOS_ID, "eos_token_id": tok.EOS_ID,
        "pad_token_id": tok.PAD_ID, "torch_dtype": "float32", "use_cache": True,
    })
    save_json(os.path.join(out, "generation_config.json"), {
        "bos_token_id": tok.BOS_ID, "eos_token_id": [tok.EOS_ID], "pad_token_id": tok.PAD_ID,
        "do_sample": True, "temperature": 1.0, "top_k": 0, "top_p": 1.0, "max_new_tokens": 128,
    })
    save_json(os.path.join(out, "train_report.json"), train_report)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", default=os.path.join(here, "build", "lm.pt"))
    p.add_argument("--out", default=os.path.join(here, "arith-lm"))
    p.add_argument("--cases", default=os.path.join(here, "build", "lm_cases.json"))
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    model, report = load_checkpoint(args.checkpoint, TinyLlamaForCausalLM)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.cases)), exist_ok=True)
    export(model, os.path.join(args.out, "model.onnx"))
    tok.write_tokenizer_files(args.out, model.config.max_position_embeddings, padding_side="left")
    write_configs(model, args.out, report)
    write_cases(args.cases, os.path.relpath(os.path.join(args.out, "model.onnx"), os.path.dirname(os.path.abspath(args.cases))),
                verification_cases(model), tolerance=1e-4)
    print(f"wrote {args.out} and {args.cases}")


if __name__ == "__main__":
    main()
