"""Multi-step integer arithmetic problems with a chain of thought and a checkable final answer.

A problem is an expression such as 18+47*3-9. The reference solution evaluates it with the usual precedence:
every multiplication first (left to right), then additions and subtractions left to right, one step per
sentence, and ends with the answer line: "47*3=141. 18+141=159. 159-9=150. #### 150".
"""
import dataclasses
import random
import re

ANSWER_PATTERN = re.compile(r"####\s*(-?\d+)")


@dataclasses.dataclass(frozen=True)
class Difficulty:
    """The knobs that set how hard the problems are."""
    min_ops: int = 2
    max_ops: int = 3
    max_operand: int = 9         # add/sub operands and left factors are drawn from 1..max_operand
    max_factor: int = 9          # right factors of a multiplication are drawn from 2..max_factor
    mul_probability: float = 0.3  # chance that an operator is '*' (never two '*' in a row)


def make_problem(rng: random.Random, difficulty: Difficulty):
    """Draws one problem; returns (expression, solution, answer)."""
    n_ops = rng.randint(difficulty.min_ops, difficulty.max_ops)
    operators = []
    for _ in range(n_ops):
        if (not operators or operators[-1] != "*") and rng.random() < difficulty.mul_probability:
            operators.append("*")
        else:
            operators.append(rng.choice("+-"))
    operands = [rng.randint(1, difficulty.max_operand)]
    for op in operators:
        operands.append(rng.randint(2, difficulty.max_factor) if op == "*" else rng.randint(1, difficulty.max_operand))
    expression = str(operands[0]) + "".join(op + str(x) for op, x in zip(operators, operands[1:]))
    steps, answer = solve(operands, operators)
    solution = " ".join(steps) + (" " if steps else "") + f"#### {answer}"
    return expression, solution, answer


def solve(operands, operators, slip_step=None, slip=0):
    """Evaluates with precedence and returns the list of step sentences and the result. With slip_step set, that
    step's result is off by slip and later steps compute from the wrong value (corruption.py)."""
    values, ops = list(operands), list(operators)
    steps = []

    def result(value):
        return value + slip if len(steps) == slip_step else value

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
    return steps, total


def prompt_for(expression: str) -> str:
    """The user message text of a problem."""
    return f"Compute {expression}."


def extract_answer(text: str):
    """The integer after the last '####' in a solution text, or None when there is none."""
    matches = ANSWER_PATTERN.findall(text)
    return int(matches[-1]) if matches else None


def is_correct(text: str, answer) -> bool:
    got = extract_answer(text)
    return got is not None and got == int(answer)


def problem_stream(seed: int, difficulty: Difficulty, exclude_prompts=frozenset()):
    """An endless, seeded stream of problem dicts {id, prompt, answer, solution}, skipping excluded prompts."""
    rng = random.Random(seed)
    index = 0
    while True:
        expression, solution, answer = make_problem(rng, difficulty)
        prompt = prompt_for(expression)
        if prompt in exclude_prompts:
            continue
        yield {"id": f"s{seed}-{index}", "prompt": prompt, "answer": str(answer), "solution": solution}
        index += 1
