#!/usr/bin/python3
"""Renders the chat-template goldens with the real Jinja2 (Debian python3-jinja2), configured exactly as
transformers' chat_template_utils._compile_jinja_template configures it, so the C# renderer can be compared byte
for byte. Usage: /usr/bin/python3 tools/goldens/chat_templates/render_goldens.py (from the repo root)."""
import json
from datetime import datetime
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "chat_templates"
# The clock behind strftime_now; the C# tests inject the same instant through a TimeProvider.
FIXED_NOW = datetime(2024, 9, 5, 14, 30, 0)


class AssistantTracker(Extension):
    """transformers' {% generation %} tag; outside assistant-mask tracking it renders its body unchanged."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render_generation"), [], [], body).set_lineno(lineno)

    def _render_generation(self, caller):
        return caller()


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    return FIXED_NOW.strftime(format)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[AssistantTracker, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def continue_final_message(rendered, messages):
    """transformers' apply_chat_template(continue_final_message=True): cut the prompt right after the last message."""
    final_message = messages[-1]["content"]
    if isinstance(final_message, (list, tuple)):
        for content_block in reversed(final_message):
            if "text" in content_block:
                final_message = content_block["text"]
                break
        else:
            raise ValueError("continue_final_message is set but we could not find any text to continue in the final message!")
    if final_message.strip() not in rendered:
        raise ValueError("continue_final_message is set but the final message does not appear in the chat after "
                         "applying the chat template!")
    final_msg_loc = rendered.rindex(final_message.strip())
    if rendered[final_msg_loc: final_msg_loc + len(final_message.lstrip())] == final_message:
        return rendered[: final_msg_loc + len(final_message.lstrip())]
    return rendered[: final_msg_loc + len(final_message.strip())]


def render(template, spec, conversation, add_generation_prompt, continue_final=False):
    # Mirrors apply_chat_template: tools/documents are always passed (None when absent), special tokens only when set.
    kwargs = {"messages": conversation["messages"], "tools": conversation.get("tools"),
              "documents": conversation.get("documents"), "add_generation_prompt": add_generation_prompt}
    for token in ("bos_token", "eos_token"):
        if spec.get(token) is not None:
            kwargs[token] = spec[token]
    kwargs.update(conversation.get("extra", {}))
    try:
        rendered = template.render(**kwargs)
        if continue_final:
            try:
                rendered = continue_final_message(rendered, conversation["messages"])
            except ValueError as e:
                return {"error": f"ValueError: {e}"}
        return {"output": rendered}
    except jinja2.exceptions.UndefinedError as e:
        return {"error": f"UndefinedError: {e}"}
    except jinja2.exceptions.SecurityError as e:
        return {"error": f"SecurityError: {e}"}
    except jinja2.exceptions.TemplateError as e:
        return {"raised": e.message}
    except Exception as e:  # TypeError and the like: the C# side must fail with a runtime error too
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    env = environment()
    specs = json.loads((FIXTURES / "templates.json").read_text(encoding="utf-8"))
    conversations = json.loads((FIXTURES / "conversations.json").read_text(encoding="utf-8"))
    out_dir = FIXTURES / "goldens"
    out_dir.mkdir(exist_ok=True)
    summary = {"output": 0, "raised": 0, "error": 0}
    for spec in specs:
        source = (FIXTURES / "templates" / f"{spec['name']}.jinja").read_text(encoding="utf-8")
        template = env.from_string(source)
        cases = []
        for conversation in conversations:
            for agp in (False, True):
                result = render(template, spec, conversation, agp)
                summary[next(iter(result))] += 1
                cases.append({"conversation": conversation["name"], "add_generation_prompt": agp, **result})
            messages = conversation["messages"]
            if messages and messages[-1]["role"] == "assistant":
                result = render(template, spec, conversation, False, continue_final=True)
                summary[next(iter(result))] += 1
                cases.append({"conversation": conversation["name"], "add_generation_prompt": False,
                              "continue_final_message": True, **result})
        golden = {"template": spec["name"], "jinja2_version": jinja2.__version__, "now": FIXED_NOW.isoformat(), "cases": cases}
        (out_dir / f"{spec['name']}.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # A broad compatibility corpus: every distinct template of the Ollama library's GGUFs, generic special tokens.
    corpus = json.loads((FIXTURES / "corpus" / "ollama-gguf-templates.json").read_text(encoding="utf-8"))["templates"]
    corpus_goldens = {}
    for model, source in corpus.items():
        template = env.from_string(source)
        spec = {"bos_token": "<s>", "eos_token": "</s>"}
        cases = []
        for conversation in conversations:
            for agp in (False, True):
                result = render(template, spec, conversation, agp)
                summary[next(iter(result))] += 1
                cases.append({"conversation": conversation["name"], "add_generation_prompt": agp, **result})
        corpus_goldens[model] = cases
    golden = {"jinja2_version": jinja2.__version__, "now": FIXED_NOW.isoformat(), "bos_token": "<s>", "eos_token": "</s>",
              "templates": corpus_goldens}
    (out_dir / "corpus-ollama-gguf.json").write_text(json.dumps(golden, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
