"""Process labels for the reward model: where each solution step ends, and whether the solution is still on the
reference path there.

The task's reference solution is deterministic (arith_task.solve), so a sampled solution's step k is right exactly
when its first k step sentences equal the reference's. This gives exact, free step-level supervision (the automatic
process labels of Math-Shepherd, without rollouts): the label at the '.' ending step k is 1 while every step so far
matches, 0 from the first divergence on. A wrong operand, a skipped operation and an arithmetic slip all diverge.
"""
import re

from arith_task import solve

_EXPRESSION = re.compile(r"Compute ([0-9+\-*]+)\.")
_TERM = re.compile(r"\d+|[+\-*]")


def parse_expression(prompt: str):
    """(operands, operators) of a problem prompt such as 'Compute 3*6-5.'."""
    match = _EXPRESSION.fullmatch(prompt.strip())
    if not match:
        raise ValueError(f"not a task prompt: {prompt!r}")
    terms = _TERM.findall(match.group(1))
    return [int(t) for t in terms[0::2]], terms[1::2]


def reference_steps(prompt: str):
    """The reference step sentences of a problem prompt."""
    steps, _ = solve(*parse_expression(prompt))
    return steps


def step_labels(prompt: str, solution: str):
    """[(character offset of the '.' ending a step in solution, 1.0 if all steps so far match the reference)]."""
    reference = reference_steps(prompt)
    labels = []
    on_path = True
    offset = 0
    for k, word in enumerate(solution.split(" ")):
        if word.startswith("####"):
            break
        if word.endswith("."):
            on_path = on_path and k < len(reference) and word == reference[k]
            labels.append((offset + len(word) - 1, 1.0 if on_path else 0.0))
        else:
            on_path = False
        offset += len(word) + 1
    return labels
