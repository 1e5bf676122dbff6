"""Reading the committed task splits and the training streams they were made with."""
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


def train_stream(stage="finetune", tasks_dir=TASKS_DIR):
    """The endless training stream of a stage. finetune: the target difficulty, none of the committed held-out
    prompts. pretrain: the wider-operand stream of config['pretrain'] (see make_tasks.py)."""
    config = load_task_config(tasks_dir)
    if stage == "pretrain":
        from make_tasks import pretrain_stream
        return pretrain_stream(config["pretrain"])
    heldout = {row["prompt"] for name in ("validation", "eval") for row in load_split(name, tasks_dir)}
    return problem_stream(config["train_seed"], Difficulty(**config["difficulty"]), frozenset(heldout))
