"""Metrics over repeated samples: unbiased pass@k, majority voting, ROC-AUC, and a classification of errors."""
import collections
import re
from math import comb

STEP = re.compile(r"(-?\d+)([+\-*])(-?\d+)=(-?\d+)\.")


def pass_at_k(n, c, k):
    """Unbiased estimator 1 - C(n-c, k) / C(n, k) (Chen et al. 2021)."""
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


def majority_answer(answers):
    """Most frequent non-None answer; ties go to the answer seen first. None when no sample has an answer."""
    counts = collections.Counter(a for a in answers if a is not None)
    if not counts:
        return None
    best = max(counts.values())
    return next(a for a in answers if a is not None and counts[a] == best)


def roc_auc(scores, labels):
    """Mann-Whitney ROC-AUC with average ranks for ties."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for t in range(i, j + 1):
            ranks[order[t]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(1 for l in labels if l)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    rank_sum = sum(r for r, l in zip(ranks, labels) if l)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def error_kind(text, reference_solution):
    """Why a wrong sample is wrong: 'no_answer', 'arithmetic' (some step a op b=c is false), or 'plan' (every
    step is true arithmetic, but the steps do not follow the problem, e.g. a copied operand or a wrong order)."""
    if "####" not in text:
        return "no_answer"
    for a, op, b, c in STEP.findall(text):
        a, b, c = int(a), int(b), int(c)
        if {"+": a + b, "-": a - b, "*": a * b}[op] != c:
            return "arithmetic"
    return "plan"
