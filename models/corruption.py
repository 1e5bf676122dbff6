"""A plausible wrong solution for a problem: the reference chain with one arithmetic slip, carried through.

Step k's result is off by delta and every later step computes correctly from the wrong value, so the text is
self-consistent after the slip, like the LM's own errors. Used to measure how often the reward model prefers the
correct solution to its corrupted twin (evaluate_reward.py; the C# test in tests/Pipeline.Tests does the same).
"""
from step_labels import parse_expression

DELTAS = (1, -1, 2, -2, 10, -10)


def corrupted_solution(prompt: str, index: int) -> str:
    """Reference solution of prompt with a slip of DELTAS[index % 6] at step index % (number of steps)."""
    operands, operators = parse_expression(prompt)
    n_steps = len(operators)
    slip_step, delta = index % n_steps, DELTAS[index % len(DELTAS)]
    values, ops = list(operands), list(operators)
    steps = []

    def result(value):
        return value + delta if len(steps) == slip_step else value

    i = 0
    while i < len(ops):
        if ops[i] == "*":
            product = result(values[i] * values[i + 1])
            steps.append(f"{values[i]}*{values[i + 1]}={product}.")
            values[i:i + 2] = [product]
            del ops[i]
        else:
            i += 1
    total = values[0]
    for op, x in zip(ops, values[1:]):
        value = result(total + x if op == "+" else total - x)
        steps.append(f"{total}{op}{x}={value}.")
        total = value
    return " ".join(steps) + f" #### {total}"
