"""Reading the committed task splits and the training stream they were made with."""
import json
import os

from arith_task import Difficulty, problem_stream

TASKS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tasks")


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def load_split(name, tasks_dir=TASKS_DIR):
    return read_jsonl(os.path.join(tasks_dir, f"{name}.jsonl"))


def load_task_config(tasks_dir=TASKS_DIR):
    with open(os.path.join(tasks_dir, "config.json")) as f:
        return json.load(f)


def train_stream(tasks_dir=TASKS_DIR, seed=None):
    """The endless training stream: same difficulty as the held-out splits, none of their prompts."""
    config = load_task_config(tasks_dir)
    heldout = {row["prompt"] for name in ("validation", "eval") for row in load_split(name, tasks_dir)}
    return problem_stream(config["train_seed"] if seed is None else seed, Difficulty(**config["difficulty"]),
                          frozenset(heldout))
