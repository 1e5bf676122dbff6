#!/usr/bin/python3
"""Writes arith-lm/MODEL_CARD.md and arith-reward/MODEL_CARD.md from the JSON the other scripts wrote
(train_report.json, eval_results.json in each package) and the file sizes on disk, so every number in a card is
one a committed script measured."""
import argparse
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    with open(path) as f:
        return json.load(f)


def sizes(folder):
    rows = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and name != "MODEL_CARD.md":
            rows.append(f"| `{name}` | {os.path.getsize(path):,} |")
    return "| file | bytes |\n|---|---|\n" + "\n".join(rows)


def verification_lines(folder):
    path = os.path.join(folder, "verification.txt")
    if not os.path.exists(path):
        return "(verification.txt missing)"
    with open(path) as f:
        lines = [l.rstrip() for l in f if "max |" in l or l.startswith(("OK (", "FAIL ("))]
    return "\n".join("    " + l.split(" over ")[0] for l in lines)


def pct(x):
    return f"{100 * x:.1f}%"


def lm_card(lm_dir, train, ev, tasks, rm_ev=None):
    c = load(os.path.join(lm_dir, "config.json"))
    a = train["args"]
    pre = train["init_report"]
    pa = pre["args"]
    cov1 = ev["coverage_T1.0"]
    cov7 = ev["coverage_T0.7"]
    kinds = ev["wrong_sample_kinds_T1.0"]
    examples = "\n".join(f"- `{e['prompt']}` reference `{e['reference']}`; samples: " +
                         "; ".join(f"`{s}`" for s in e["samples"]) for e in ev["examples_T1.0"])
    d = tasks["difficulty"]
    verification = verification_lines(lm_dir)
    reward_row = ("" if rm_ev is None else
                  f"| reward-model ROC-AUC on these T=1.0 samples (`../arith-reward`; within one problem) | "
                  f"{rm_ev['auc']:.3f} ({rm_ev['within_problem_auc_mean']:.3f}) |\n")
    return f"""# arith-lm

A tiny Llama-style decoder trained from scratch (CPU, this repository's scripts) to solve multi-step integer
arithmetic with a short chain of thought and a checkable final answer line. It is deliberately weak: sampled at
temperature 1.0 it is right on some problems and wrong in varied ways on others, which is what test-time scaling
(repeated sampling, majority vote, Best-of-N with `../arith-reward`) needs.

## Task
User message `Compute 4+7*3-9.`; assistant answer `7*3=21. 4+21=25. 25-9=16. #### 16` then `<|im_end|>`.
Multiplications first (left to right), then additions/subtractions left to right, one step per sentence; the
answer is the integer after the last `####`. Difficulty: {d['min_ops']}-{d['max_ops']} operators; operands
1..{d['max_operand']}; right factors of `*` 2..{d['max_factor']}; each operator is `*` with probability
{d['mul_probability']} (never two `*` in a row); results may be negative. Splits in `../tasks/` (held-out
`eval.jsonl` and `validation.jsonl`, 500 problems each); the training stream is generated on the fly (seed
{tasks['train_seed']}) and skips every held-out prompt.

## Architecture
Llama-style decoder: {c['num_hidden_layers']} layers, hidden size {c['hidden_size']}, {c['num_attention_heads']}
attention heads of size {c['head_dim']}, {c['num_key_value_heads']} key/value heads (grouped-query attention),
SwiGLU MLP of width {c['intermediate_size']}, RMSNorm (eps {c['rms_norm_eps']}), rotary position embeddings
(theta {c['rope_theta']:g}, positions taken from the `position_ids` input), tied input/output embeddings, no biases.
Parameters: {train['parameters']:,}. Context length {c['max_position_embeddings']} (positions beyond it are out
of range). Vocabulary {c['vocab_size']} tokens.

## Tokenizer and chat format
`tokenizer.json` is a Hugging Face BPE model with one token per character and no merges: ids 0..95 are `\\n` (0)
and the printable ASCII characters space..`~` (1..95, in code-point order); special tokens `<|endoftext|>` = 96,
`<|im_start|>` = 97, `<|im_end|>` = 98 (vocab size 99). Normalizer, pre-tokenizer and post-processor are null
(nothing is added automatically); decoder `Fuse`. Characters outside the vocabulary (e.g. tab, non-ASCII) have
no token. bos = pad = `<|endoftext|>` (96), eos = `<|im_end|>` (98). The ChatML template in
`tokenizer_config.json` renders one user message with the generation prompt as
`<|im_start|>user\\n{{content}}<|im_end|>\\n<|im_start|>assistant\\n`; the model then writes the solution and ends
the turn with `<|im_end|>` (98), which is the token to stop on. A quarter of the training examples began with
`<|endoftext|>`, so prepending bos or not both work. Checked: the template renders with Jinja2 (trim_blocks,
lstrip_blocks) exactly to the training text, and `@huggingface/tokenizers` encodes it to the training ids and
decodes back (`tokenizer_cases.py`, `verify_tokenizer.mjs`).

## ONNX interface (`model.onnx`, fp32, opset 14)
Inputs: `input_ids` int64 [batch_size, sequence_length]; `attention_mask` int64 [batch_size,
total_sequence_length] (= past + new; 1 for real tokens, 0 for padding, left padding supported);
`position_ids` int64 [batch_size, sequence_length] (per row: count of real tokens before it, i.e.
cumsum(mask) - 1 clipped at 0); `past_key_values.{{i}}.key` / `.value` float32 [batch_size, {c['num_key_value_heads']},
past_sequence_length, {c['head_dim']}] for i = 0..{c['num_hidden_layers'] - 1} (past length 0 on the first step).
Outputs: `logits` float32 [batch_size, sequence_length, {c['vocab_size']}]; `present.{{i}}.key` / `.value` float32
[batch_size, {c['num_key_value_heads']}, total_sequence_length, {c['head_dim']}]. Padded keys are masked out, and
new token j sees keys 0..past+j. `genai_config.json` describes the same (onnxruntime-genai format).
Verified with ONNX Runtime 1.32 (NuGet Microsoft.ML.OnnxRuntime, `verify_onnx.cs`) against PyTorch, 4 left-padded prompts: prefill with
empty past, then 3 tokens and then 1 token each fed the past ONNX Runtime itself returned; largest difference
over logits and presents is printed by `verify_onnx.cs`; its output is in `verification.txt`:

{verification}

## Training
Two stages, both from the seeded problem streams described in `../tasks/config.json`, loss on the assistant tokens
only, AdamW (betas 0.9/0.98, weight decay {a['weight_decay']}, cosine decay to 10% after warmup), batch
{train['batch_size']} problems, each a fresh draw, a quarter of them prefixed with bos, torch.set_num_threads({a['threads']}):
1. pretrain, from scratch: {pre['steps']} steps ({pre['training_examples']:,} problems) with operands 1..{tasks['pretrain']['difficulty']['max_operand']}
   (stream seed {tasks['pretrain']['train_seed']}), lr {pa['lr']}, {pa['warmup']} warmup steps, seed {pa['seed']}.
   Measured: {pre['train_seconds'] / 60:.1f} min wall clock, {pre['train_cpu_seconds'] / 60:.1f} min CPU time.
2. finetune on the target difficulty: {train['steps']} steps ({train['training_examples']:,} problems, stream seed
   {tasks['train_seed']}), lr {a['lr']}, {a['warmup']} warmup steps, seed {a['seed']}.
   Measured: {train['train_seconds'] / 60:.1f} min wall clock, {train['train_cpu_seconds'] / 60:.1f} min CPU time.

Total: {(pre['train_seconds'] + train['train_seconds']) / 60:.1f} min wall clock, {(pre['train_cpu_seconds'] + train['train_cpu_seconds']) / 60:.1f} min CPU time (process time summed over
both threads) on 2 cores shared with other builds (load average 10-19 during the runs, so wall time is well above
what the same run takes on an idle machine). Why two stages: pilots trained from scratch on operands 1..99
and on 1..20 were below 5% accuracy on their own distributions after 500 steps (pilot checks), so the
1..20 run became a pretraining stage (after it: {pct(pre['validation_accuracy_T0.0'])} greedy and
{pct(pre['validation_accuracy_T1.0'])} at T=1.0 on 200 validation problems of the target difficulty) and a short
finetune on the target difficulty (operands 1..9) followed. A 300-step finetune overshot the accuracy window (66% at
T=1.0 on 200 validation problems), so the committed finetune is 150 steps.
No held-out problem occurs in either training stream.

## Measured (by `evaluate.py`, file `eval_results.json`)
Held-out `eval.jsonl`, {ev['problems']} problems; {ev['samples_per_problem_T1.0']} samples per problem at T=1.0,
{ev['samples_per_problem_T0.7']} at T=0.7 (pure temperature sampling, no top-k/top-p), max 80 new tokens.

| metric | value |
|---|---|
| pass@1, T=1.0 | {pct(ev['pass@1_T1.0'])} |
| pass@1, T=0.7 | {pct(ev['pass@1_T0.7'])} |
| greedy accuracy | {pct(ev['greedy_accuracy'])} |
| coverage pass@4, T=1.0 | {pct(cov1['pass@4'])} |
| coverage pass@16, T=1.0 | {pct(cov1['pass@16'])} |
| coverage pass@64, T=1.0 | {pct(cov1['pass@64'])} |
| coverage pass@4, T=0.7 | {pct(cov7['pass@4'])} |
| majority@16, T=1.0 | {pct(ev['majority@16_T1.0'])} |
| problems never solved in {ev['samples_per_problem_T1.0']} samples (T=1.0) | {pct(ev['problems_never_solved_T1.0'])} |
| problems solved by every sample (T=1.0) | {pct(ev['problems_always_solved_T1.0'])} |
| samples ending with `<|im_end|>` (T=1.0) | {pct(ev['stopped_at_eos_T1.0'])} |
{reward_row}
Coverage uses the unbiased estimator 1 - C(n-c,k)/C(n,k). majority@16 is averaged over the disjoint groups of 16
of each problem's samples (ties go to the answer seen first; samples without an answer do not vote).
Errors are diverse: among wrong T=1.0 samples, {pct(kinds.get('arithmetic', 0))} contain a false step
(`a op b=c` with the wrong c), {pct(kinds.get('plan', 0))} have only true steps that do not follow the problem
(a misread operand, a wrong order), {pct(kinds.get('no_answer', 0))} have no `####` answer; a problem that is
sometimes missed gets on average {ev['mean_distinct_wrong_answers_per_problem_T1.0']:.1f} distinct wrong answers.
Validation-set check at the end of the finetune (200 problems, 1 sample): greedy {pct(train['validation_accuracy_T0.0'])},
T=1.0 {pct(train['validation_accuracy_T1.0'])}.

Examples (T=1.0):
{examples}

## Files
{sizes(lm_dir)}

## Retrain (from the repository root; deterministic given the seeds)
```
cd models
/usr/bin/python3 make_tasks.py
/usr/bin/python3 train_lm.py --stage pretrain --steps 800 --lr 3e-3 --warmup 100 --seed 1 --out build/lm_pretrain.pt --save-every 100
/usr/bin/python3 train_lm.py --stage finetune --init build/lm_pretrain.pt --steps 150 --lr 1e-3 --warmup 20 --seed 2 --out build/lm.pt
/usr/bin/python3 export_lm.py --checkpoint build/lm.pt --out arith-lm --cases build/lm_cases.json
dotnet run verify_onnx.cs -- build/lm_cases.json
/usr/bin/python3 tokenizer_cases.py --package arith-lm --out build/tokenizer_cases.json
NODE_PATH=/tmp/tokref/node_modules node verify_tokenizer.mjs build/tokenizer_cases.json
/usr/bin/python3 evaluate.py --checkpoint build/lm.pt --out arith-lm/eval_results.json --samples-out build/eval_samples_T1.0.jsonl
/usr/bin/python3 write_model_cards.py
```
(`rebuild.sh` runs the whole chain, reward model included; the node modules are installed outside the repo as in
`../README.md`.)
"""


def rm_card(rm_dir, train, ev, rcfg):
    c = load(os.path.join(rm_dir, "config.json"))
    body = train["body_report"]
    b = body["args"]
    head = train["head"]
    sel = ev["selection_accuracy"]
    table = "\n".join(f"| {n} | {pct(v['best_of_n'])} | {pct(v['majority'])} | {pct(v['weighted_majority'])} | "
                      f"{pct(v['oracle_pass@n'])} |" for n, v in sel.items())
    return f"""# arith-reward

Outcome reward model for `../arith-lm`: given a problem and one of the LM's solutions it returns a score, the
logit of P(final answer correct). A verifier LM reads the solution; the score is a trained function of how
unlikely it finds the solution's tokens. Fitted on the LM's own samples labelled by the exact answer check. Useful
but imperfect on purpose (held-out ROC-AUC target 0.75-0.93; measured below), so Best-of-N is fooled at large N.

## What it scores, exactly
Text = the chat template rendering of `[user: problem]` with `add_generation_prompt=true`, immediately followed by
the solution text exactly as generated (special tokens skipped), with no `<|im_end|>` and no trailing newline:

    <|im_start|>user\\nCompute 4+7*3-9.<|im_end|>\\n<|im_start|>assistant\\n7*3=21. 4+21=25. 25-9=16. #### 16

encoded with the same tokenizer as the LM (no bos added). `tokenizer.json` here is identical to
`../arith-lm/tokenizer.json`. The solution is the part after the last `<|im_start|>` and `assistant\\n`
({c['solution_starts']}).

## ONNX interface (`model.onnx`, fp32, opset 14)
Inputs: `input_ids` int64 [batch_size, sequence_length], `attention_mask` int64 [batch_size, sequence_length].
Output: `scores` float32 [batch_size] (one score per row; higher = more likely correct; it is a logit:
`reward_config.json` says `"score_type": "{rcfg['score_type']}"`, and the server's reward verifier reports
sigmoid(score) = P(correct)). Padding side: {rcfg['padding_side']} (pad id {rcfg['pad_token_id']}), but positions are
computed inside the graph from `attention_mask` (cumsum - 1) and the solution is located from the last
`<|im_start|>` token, so left padding gives the same scores (checked in `verify_onnx.cs` cases). Max length
{c['max_position_embeddings']} tokens.

## Architecture
Body: the LM's decoder design (RMSNorm, rotary positions, grouped-query attention, SwiGLU, tied LM head):
{c['num_hidden_layers']} layers, hidden size {c['hidden_size']}, {c['num_attention_heads']} heads,
{c['num_key_value_heads']} key/value head(s), MLP width {c['intermediate_size']}. For each solution token the graph
computes log p(token | everything before) from the body's LM head; features: the minimum and the mean of those
log-probs over the solution (a slipped digit or a wrong operand is a token the verifier finds unlikely). Head:
score = {head['w_min']:.4f} * min + {head['w_mean']:.4f} * mean + {head['bias']:.4f}. Parameters:
{train['parameters']:,} (all but 3 in the body).

## Training
Body (`build/rm_body.pt`): a sibling of the policy, not the policy itself: the same pretraining checkpoint
(`build/lm_pretrain.pt`), then a shorter finetune: {body['steps']} steps (the LM has 150), seed {b['seed']}, lr {b['lr']},
batch {b['batch_size']}; {body['train_seconds'] / 60:.1f} min. As a generator it is weaker than the policy (validation
accuracy greedy {pct(body['validation_accuracy_T0.0'])}, T=1.0 {pct(body['validation_accuracy_T1.0'])}; the LM's are
in its card), which is what makes it an imperfect judge.
Head: logistic regression (L-BFGS from zero, deterministic) on {train['train_rows']:,} rows = 16 samples at T=1.0
from the final LM for each of the first {train['train_rows'] // 16:,} problems of the LM's finetuning stream
(`sample_and_label.py`), labelled by the exact answer check ({pct(train['train_fraction_correct'])} correct); final
training loss {train['train_loss']:.4f}; {train['fit_seconds'] / 60:.1f} min including the feature pass. Validation: 4
samples per problem on the validation split ({train['validation_rows']:,} rows), problems never used for fitting.

Tuning history (validation AUC; the window is 0.75-0.93). Reward models with a score head on the pooled last
hidden state (`train_reward.py`) ranked *problems* (which ones are hard), not the samples of one problem: from
scratch 2 x 64: 0.715 (600 problems), 0.632 (overfit, 8 epochs), 0.737 (1,500 problems; within-problem AUC
0.508); from the LM's body: 0.749 (within-problem 0.523); plus a pairwise loss on samples of one problem: 0.723;
plus exact process labels at every step end (`--step-weight 1`, `step_labels.py`): 0.751 (within-problem 0.516).
Likelihood features from different bodies (`train_likelihood_reward.py --body ... --eval
build/eval_samples_T1.0.jsonl`): the policy itself (`build/lm.pt`): validation 0.938, eval samples 0.946 (above the
window: the policy judging its own samples); the pretraining checkpoint (`build/lm_pretrain.pt`): 0.760 / 0.734
(below it); the body run's 40-step checkpoint: validation 0.800; its final {body['steps']}-step body: the committed
model.

## Measured
| metric | value |
|---|---|
| ROC-AUC, validation samples (problems never used for fitting) | {train['validation_auc']:.3f} |
| ROC-AUC, the LM's eval-set samples ({ev['rows']:,} rows, {ev['problems']} problems, T=1.0) | {ev['auc']:.3f} |
| mean ROC-AUC within a problem (eval, {ev['within_problem_auc_problems']} problems with both correct and wrong samples) | {ev['within_problem_auc_mean']:.3f} |
| reference solution scored above its corrupted twin (one arithmetic slip carried through, `corruption.py`; {ev['reference_above_corrupted_problems']} eval problems) | {pct(ev['reference_above_corrupted'])} |
| mean score of correct / wrong eval samples | {ev['mean_score_correct']:.2f} / {ev['mean_score_wrong']:.2f} |

Selecting one answer from N samples on the eval set (T=1.0; averaged over disjoint groups of N per problem;
`evaluate_reward.py`, file `eval_results.json`; weighted majority sums sigmoid(score)):

| N | best-of-N by reward | majority vote | reward-weighted majority | oracle (any correct) |
|---|---|---|---|---|
{table}

Best-of-N beats majority at small N and then falls as N grows (more samples, more chances for a wrong answer the
verifier finds likely to out-score every right one), while majority keeps rising: the regime the Best-of-Majority
paper analyses.

## What it does and does not judge
It judges how likely each token of a solution is, not whether the solution is complete or well-formed: an empty
solution has no tokens and gets the bias alone, {head['bias']:.2f} (P = {1 / (1 + math.exp(-head['bias'])):.2f}),
and a short solution whose few tokens are likely scores high (a C# test checks that texts with no solution
tokens score exactly the bias through the project's loader). The project's selection strategies only let candidates with an
extracted answer win, which keeps such samples out; do not use this score alone to accept free-form text.

## Files
{sizes(rm_dir)}

## Retrain (from `models/`, after the LM steps in `../arith-lm/MODEL_CARD.md`)
```
/usr/bin/python3 train_lm.py --stage finetune --init build/lm_pretrain.pt --steps {b['steps']} --lr {b['lr']} --warmup {b['warmup']} --seed {b['seed']} --val-problems {b['val_problems']} --out build/rm_body.pt
/usr/bin/python3 sample_and_label.py --checkpoint build/lm.pt --split train --problems {train['train_rows'] // 16} --samples 16 --seed 7 --out build/rm_train.jsonl
/usr/bin/python3 sample_and_label.py --checkpoint build/lm.pt --split validation --problems {train['validation_rows'] // 4} --samples 4 --seed 8 --out build/rm_validation.jsonl
/usr/bin/python3 train_likelihood_reward.py --body build/rm_body.pt --out build/reward.pt
/usr/bin/python3 evaluate_reward.py --checkpoint build/reward.pt --out arith-reward/eval_results.json
/usr/bin/python3 export_reward.py --checkpoint build/reward.pt --out arith-reward --cases build/reward_cases.json
dotnet run verify_onnx.cs -- build/reward_cases.json   # its output is verification.txt
/usr/bin/python3 write_model_cards.py
```
"""


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--lm", default=os.path.join(HERE, "arith-lm"))
    p.add_argument("--reward", default=os.path.join(HERE, "arith-reward"))
    args = p.parse_args()
    tasks = load(os.path.join(HERE, "tasks", "config.json"))
    reward_results = os.path.join(args.reward, "eval_results.json")
    if os.path.exists(os.path.join(args.lm, "eval_results.json")):
        text = lm_card(args.lm, load(os.path.join(args.lm, "train_report.json")),
                       load(os.path.join(args.lm, "eval_results.json")), tasks,
                       load(reward_results) if os.path.exists(reward_results) else None)
        with open(os.path.join(args.lm, "MODEL_CARD.md"), "w") as f:
            f.write(text)
        print(f"wrote {args.lm}/MODEL_CARD.md")
    if os.path.exists(os.path.join(args.reward, "eval_results.json")):
        text = rm_card(args.reward, load(os.path.join(args.reward, "train_report.json")),
                       load(os.path.join(args.reward, "eval_results.json")),
                       load(os.path.join(args.reward, "reward_config.json")))
        with open(os.path.join(args.reward, "MODEL_CARD.md"), "w") as f:
            f.write(text)
        print(f"wrote {args.reward}/MODEL_CARD.md")


if __name__ == "__main__":
    main()
