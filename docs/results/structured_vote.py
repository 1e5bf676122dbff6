#!/usr/bin/env python3
"""Majority over canonical JSON vs plain majority over the same constrained pool, on the bundled model.

Against a running server (dotnet run --project src/Server), for the first PROBLEMS problems of models/tasks/eval.jsonl:
  free   : 16 free-text samples, the server's majority over the "#### x" answers (the model's trained format);
  json   : 16 samples constrained to {"answer": integer}, the server's majority over canonical JSON (its default for
           response_format), and, on the same 16 candidates, a plain majority over the raw texts.
Prints the accuracy of each and how many distinct classes each vote saw. Standard library only.
"""
import json, sys, urllib.request
from collections import Counter

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
PROBLEMS = int(sys.argv[2]) if len(sys.argv) > 2 else 60
SCHEMA = {"type": "object", "properties": {"answer": {"type": "integer"}}, "required": ["answer"], "additionalProperties": False}

def chat(body):
    request = urllib.request.Request(BASE + "/v1/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)

def as_int(text):
    try:
        return int(str(text).strip())
    except ValueError:
        return None

problems = [json.loads(line) for line in open("models/tasks/eval.jsonl")][:PROBLEMS]
right = Counter(); classes = Counter(); unanswered = 0; parsed = 0
for i, p in enumerate(problems):
    messages = [{"role": "user", "content": p["prompt"]}]
    reference = int(p["answer"])
    free = chat({"model": "arith-lm", "messages": messages, "seed": i, "max_tokens": 64,
                 "test_time_scaling": {"strategy": "majority", "samples": 16, "answer": "hash"}})
    report = free["test_time_scaling"]
    chosen = [a for a in report["answers"] if a["chosen"]]
    right["free"] += bool(chosen) and as_int(chosen[0]["answer"]) == reference
    classes["free"] += len(report["answers"])

    constrained = chat({"model": "arith-lm", "messages": messages, "seed": i, "max_tokens": 40,
                        "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": True, "schema": SCHEMA}},
                        "test_time_scaling": {"strategy": "majority", "samples": 16, "return_candidates": True}})
    report = constrained["test_time_scaling"]
    unanswered += report["unanswered"]
    for c in report["candidates"]:
        parsed += isinstance(json.loads(c["text"]).get("answer"), int)
    chosen = json.loads(constrained["choices"][0]["message"]["content"])
    right["json canonical"] += chosen["answer"] == reference
    classes["json canonical"] += len(report["answers"])
    # Plain majority over the same candidates: the raw texts as written, first seen wins ties.
    texts = Counter(c["text"] for c in report["candidates"])
    top = max(texts.values())
    first = next(c["text"] for c in report["candidates"] if texts[c["text"]] == top)
    right["json plain"] += json.loads(first)["answer"] == reference
    classes["json plain"] += len(texts)

for name in ("free", "json canonical", "json plain"):
    print(f"{name:15s} accuracy {right[name] / len(problems):.3f} ({right[name]}/{len(problems)}), mean classes per vote {classes[name] / len(problems):.1f}")
print(f"constrained samples that parse with an integer answer: {parsed}/{16 * len(problems)}; unanswered in the votes: {unanswered}")
