#!/bin/sh
# Rebuilds everything under models/ from scratch, in order. Python: Debian's /usr/bin/python3 with python3-torch
# 1.13, python3-onnx, python3-jinja2. ONNX exports are checked with the .NET SDK (verify_onnx.cs, ONNX Runtime from
# NuGet); the tokenizer check needs Node, in a scratch dir outside the repo:
#   (cd /tmp/tokref && npm install @huggingface/tokenizers)
# Intermediate files go to models/build/ (not committed).
set -e
cd "$(dirname "$0")"
PY=/usr/bin/python3
TOK_NODE=${TOK_NODE:-/tmp/tokref/node_modules}

$PY make_tasks.py
$PY train_lm.py --stage pretrain --steps 800 --lr 3e-3 --warmup 100 --seed 1 --out build/lm_pretrain.pt --save-every 100
$PY train_lm.py --stage finetune --init build/lm_pretrain.pt --steps 150 --lr 1e-3 --warmup 20 --seed 2 --out build/lm.pt
$PY export_lm.py --checkpoint build/lm.pt --out arith-lm --cases build/lm_cases.json
dotnet run verify_onnx.cs -- build/lm_cases.json
$PY tokenizer_cases.py --package arith-lm --out build/tokenizer_cases.json
NODE_PATH=$TOK_NODE node verify_tokenizer.mjs build/tokenizer_cases.json
$PY sample_and_label.py --checkpoint build/lm.pt --split train --problems 1500 --samples 16 --seed 7 --out build/rm_train.jsonl
$PY sample_and_label.py --checkpoint build/lm.pt --split validation --problems 250 --samples 4 --seed 8 --out build/rm_validation.jsonl
$PY evaluate.py --checkpoint build/lm.pt --out arith-lm/eval_results.json --samples-out build/eval_samples_T1.0.jsonl
$PY train_lm.py --stage finetune --init build/lm_pretrain.pt --steps 80 --lr 1e-3 --warmup 20 --seed 5 --val-problems 100 --out build/rm_body.pt
$PY train_likelihood_reward.py --body build/rm_body.pt --out build/reward.pt
$PY evaluate_reward.py --checkpoint build/reward.pt --out arith-reward/eval_results.json
$PY export_reward.py --checkpoint build/reward.pt --out arith-reward --cases build/reward_cases.json
{ echo "# ONNX Runtime 1.32 (NuGet) vs PyTorch: dotnet run verify_onnx.cs -- build/reward_cases.json"
  dotnet run verify_onnx.cs -- build/reward_cases.json | sed "s#$PWD/##"; } > arith-reward/verification.txt
$PY make_goldens.py --out golden.json
$PY write_model_cards.py
