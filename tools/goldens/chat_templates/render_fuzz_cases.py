#!/usr/bin/python3
"""Differential cases: seeded random templates (whitespace-control layouts and random expressions) rendered by the
real Jinja2 in transformers' environment, written to tests/fixtures/chat_templates/fuzz_cases.json. The C# tests
require the same output, or an error where Jinja raised one. Usage (repo root):
/usr/bin/python3 tools/goldens/chat_templates/render_fuzz_cases.py"""
import copy
import json
import random
import re

import jinja2

from render_goldens import FIXTURES, environment

SEED = 20241121
VARS = {"a": 3, "b": -2, "f": 1.5, "s": "Hi there", "e": "", "l": [1, 2, 3], "w": ["x", "Y", "z"],
        "d": {"k": "v", "n": 2}, "t": True, "z": None, "u": "Ünï 🌍", "m": [{"role": "user", "content": " a "},
        {"role": "assistant", "content": "b\n"}]}

TEXTS = ["", " ", "  ", "\t", "\n", "\n\n", " \n", "\n  ", "x", " y ", "z\n", "\n w", "\t\n\t"]


def layout(rng, depth=0):
    """Random text and tags exercising trim_blocks, lstrip_blocks and -/+ whitespace control."""
    out = []
    for _ in range(rng.randint(1, 5)):
        kind = rng.random()
        lead = rng.choice(["", "-", "+"])
        trail = rng.choice(["", "-", "+"])
        out.append(rng.choice(TEXTS))
        if kind < 0.3 and depth < 2:
            out.append(f"{{%{lead} if {rng.choice(['true', 'false', 'a > 1', 'e'])} {trail}%}}")
            out.append(layout(rng, depth + 1))
            if rng.random() < 0.4:
                out.append(rng.choice(TEXTS) + f"{{%{rng.choice(['', '-', '+'])} else {rng.choice(['', '-', '+'])}%}}")
                out.append(layout(rng, depth + 1))
            out.append(rng.choice(TEXTS) + f"{{%{rng.choice(['', '-', '+'])} endif {rng.choice(['', '-', '+'])}%}}")
        elif kind < 0.5 and depth < 2:
            out.append(f"{{%{lead} for i in l {trail}%}}")
            out.append(layout(rng, depth + 1))
            out.append(rng.choice(TEXTS) + f"{{%{rng.choice(['', '-', '+'])} endfor {rng.choice(['', '-', '+'])}%}}")
        elif kind < 0.7:
            v_lead = rng.choice(["", "-"])
            v_trail = rng.choice(["", "-"])
            out.append(f"{{{{{v_lead} {rng.choice(['a', 's', 'i if i is defined else 0', 'e'])} {v_trail}}}}}")
        elif kind < 0.8:
            out.append(f"{{#{rng.choice(['', '-', '+'])} note {rng.choice(['', '-', '+'])}#}}")
        else:
            out.append(f"{{%{lead} set q = {rng.randint(0, 9)} {trail}%}}")
        out.append(rng.choice(TEXTS))
    return "".join(out)


ATOMS = ["a", "b", "f", "s", "e", "l", "w", "d", "t", "z", "u", "m", "missing", "0", "1", "-1", "2.5", "'ab'", "''",
         "[1, 'x']", "{'k': 1}", "none", "true", "false", "m[0]", "m[-1].content", "d.k", "d['n']", "l[1:]", "s[::-1]",
         "w[0]", "(1, 2)", "s.split()", "d.items() | list", "loop"]
BINARY = ["+", "-", "*", "/", "//", "%", "~", "==", "!=", "<", ">=", "in", "not in", "and", "or"]
FILTERS = ["length", "upper", "lower", "trim", "first", "last", "list", "string", "int", "float", "abs", "tojson",
           "capitalize", "title", "reverse | list", "sort", "join", "join(', ')", "default('D')", "default('D', true)",
           "replace('a', 'o')", "round", "tojson(indent=2)", "items | list", "dictsort", "selectattr('role') | list",
           "map(attribute='role') | list", "select | list", "reject('odd') | list", "unique | list", "sum", "min", "max",
           "count", "indent(2)", "center(9)", "batch(2) | list", "map('upper') | list",
           # lazy filters left unconsumed: their truthiness, laziness and missing len() must match too
           "unique", "reverse", "select", "items", "map(attribute='role')", "selectattr('role')", "batch(2)"]
TESTS = ["defined", "undefined", "none", "string", "number", "integer", "float", "mapping", "iterable", "sequence",
         "boolean", "true", "false", "odd", "even", "eq 3", "in l", "divisibleby 2", "lower", "upper"]
METHODS = [".strip()", ".upper()", ".split(' ')", ".startswith('H')", ".endswith('e')", ".replace('e', '3')",
           ".title()", ".find('e')", ".count('e')", ".lstrip('H')", ".rstrip('e')", ".get('k')", ".get('q', 7)",
           ".keys() | list", ".values() | list", ".capitalize()"]


def expr(rng, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.25:
        return rng.choice(ATOMS)
    if r < 0.45:
        return f"{expr(rng, depth + 1)} {rng.choice(BINARY)} {expr(rng, depth + 1)}"
    if r < 0.6:
        return f"({expr(rng, depth + 1)}) | {rng.choice(FILTERS)}"
    if r < 0.7:
        return f"{expr(rng, depth + 1)} is {rng.choice(['', 'not '])}{rng.choice(TESTS)}"
    if r < 0.8:
        return f"({expr(rng, depth + 1)}){rng.choice(METHODS)}"
    if r < 0.9:
        return f"{expr(rng, depth + 1)} if {expr(rng, depth + 1)} else {expr(rng, depth + 1)}"
    return f"not {expr(rng, depth + 1)}"


def main():
    rng = random.Random(SEED)
    env = environment()
    cases = []
    sources = [layout(rng) for _ in range(700)] + [f"{{{{ {expr(rng)} }}}}" for _ in range(1400)]
    for source in sources:
        case = {"template": source}
        try:
            template = env.from_string(source)
        except jinja2.exceptions.TemplateSyntaxError as e:
            case["syntax_error"] = e.message
            cases.append(case)
            continue
        try:
            # A fresh copy per case: Jinja's indent filter does `s += "\n"`, which extends a list argument in place.
            output = template.render(**copy.deepcopy(VARS))
            if re.search(r"(?i) at 0x[0-9a-f]+", output):
                continue  # printed a lazy iterator or function object: its address differs run to run
            case["output"] = output
        except jinja2.exceptions.TemplateError as e:
            case["error"] = f"{type(e).__name__}: {e}"
        except Exception as e:
            case["error"] = f"{type(e).__name__}: {e}"
        cases.append(case)
    golden = {"jinja2_version": jinja2.__version__, "seed": SEED, "variables": VARS, "cases": cases}
    (FIXTURES / "fuzz_cases.json").write_text(json.dumps(golden, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(len(cases), "cases:", sum("output" in c for c in cases), "outputs,",
          sum("error" in c for c in cases), "errors,", sum("syntax_error" in c for c in cases), "syntax errors")


if __name__ == "__main__":
    main()
