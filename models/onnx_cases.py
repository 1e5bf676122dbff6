"""Verification cases for verify_onnx.cs: model inputs plus the outputs PyTorch computed for them, as JSON.

A case is {"name", "inputs": {name: {"dtype", "dims", "data"}}, "expected": {name: {"dims", "data"}},
"past_from": index of an earlier case or null, "compare": [output names]}. When past_from is set, the verification script
feeds that case's ONNX Runtime outputs present.{i}.key|value as past_key_values.{i}.key|value, so decode with a
past produced by ONNX Runtime itself is checked, not only with a past computed by PyTorch.
"""
import json

import torch


def tensor_entry(t: torch.Tensor):
    dtype = {torch.int64: "int64", torch.int32: "int32", torch.float32: "float32", torch.float16: "float16"}[t.dtype]
    return {"dtype": dtype, "dims": list(t.shape), "data": t.flatten().tolist()}


def case(name, inputs, expected, past_from=None, compare=None):
    return {"name": name, "inputs": {k: tensor_entry(v) for k, v in inputs.items()},
            "expected": {k: tensor_entry(v) for k, v in expected.items()},
            "past_from": past_from, "compare": compare or list(expected)}


def write_cases(path, model_file, cases, tolerance):
    with open(path, "w") as f:
        json.dump({"model": model_file, "tolerance": tolerance, "cases": cases}, f)
