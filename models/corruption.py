"""A plausible wrong solution for a problem: the reference chain with one arithmetic slip, carried through.

Step k's result is off by delta and every later step computes correctly from the wrong value, so the text is
self-consistent after the slip, like the LM's own errors. Used to measure how often the reward model prefers the
correct solution to its corrupted twin (evaluate_reward.py; the C# test in tests/Pipeline.Tests does the same).
"""
from arith_task import solve
from step_labels import parse_expression

DELTAS = (1, -1, 2, -2, 10, -10)


def corrupted_solution(prompt: str, index: int) -> str:
    """Reference solution of prompt with a slip of DELTAS[index % 6] at step index % (number of steps)."""
    operands, operators = parse_expression(prompt)
    steps, total = solve(operands, operators, slip_step=index % len(operators), slip=DELTAS[index % len(DELTAS)])
    return " ".join(steps) + f" #### {total}"
