#!/usr/bin/python3
"""Renders small template snippets, one per language feature (statements, whitespace control, expressions,
filters, tests, methods, printing), with the real Jinja2 in transformers' environment. The C# unit tests compare
against tests/fixtures/chat_templates/language_cases.json. Usage (repo root):
/usr/bin/python3 tools/goldens/chat_templates/render_language_cases.py"""
import json
from pathlib import Path

import jinja2

from render_goldens import FIXTURES, environment

VARS = {
    "s": "  Hello World  ",
    "word": "hELLO wORLD-foo (bar) [baz]",
    "n": 7,
    "f": 2.5,
    "neg": -3,
    "xs": [3, 1, 2],
    "words": ["b", "A", "c", "a"],
    "d": {"b": 1, "a": 2, "nested": {"k": [10, 20, 30]}},
    "msgs": [{"role": "system", "content": "sys"}, {"role": "user", "content": "hi"},
             {"role": "assistant", "content": "yo", "tool_calls": [{"function": {"name": "f", "arguments": {"x": 1}}}]},
             {"role": "user", "content": "bye"}],
    "empty": [],
    "nothing": None,
    "t": True,
    "u": "ünïcödé 🌍",
    "csv": "a,b,,c",
    "multiline": "one\ntwo\n\nthree",
    "js": {"name": "tool", "args": {"q": "é\"\\\n\t\u0001", "n": [1, 2.0, -0.5, 1e20, True, None]}, "empty": {}, "list": []},
}

CASES = {
    # statements
    "if-elif-else": "{% for i in [1, 2, 3] %}{% if i == 1 %}one{% elif i == 2 %}two{% else %}other{% endif %},{% endfor %}",
    "for-loop-vars": "{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}",
    "for-else": "{% for x in empty %}x{% else %}none{% endfor %}|{% for x in xs %}{{ x }}{% else %}none{% endfor %}",
    "for-inline-filter": "{% for m in msgs if m.role == 'user' %}{{ loop.index }}/{{ loop.length }}:{{ m.content }} {% endfor %}",
    "for-items-unpack": "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "for-items-filter": "{% for k, v in d | items %}{{ k }};{% endfor %}",
    "for-dict-keys": "{% for k in d %}{{ k }}{% endfor %}",
    "for-string": "{% for c in 'ab🌍' %}[{{ c }}]{% endfor %}",
    "for-undefined": "{% for x in missing %}x{% endfor %}done",
    "for-nested-loop": "{% for a in [1, 2] %}{% for b in [3, 4] %}{{ loop.index }}{{ a }}{{ b }} {% endfor %}{{ loop.index }}|{% endfor %}",
    "loop-previtem-nextitem-cycle": "{% for x in xs %}{{ loop.previtem }}-{{ loop.nextitem }}-{{ loop.cycle('odd', 'even') }} {% endfor %}",
    "break-continue": "{% for x in [1, 2, 3, 4, 5] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}",
    "set-scoping-in-loop": "{% set x = 'o' %}{% for i in [1, 2] %}{% set x = x ~ i %}{{ x }}{% endfor %}{{ x }}",
    "set-in-if-top-level": "{% if true %}{% set y = 5 %}{% endif %}{{ y }}",
    "namespace": "{% set ns = namespace(count=0, found=false) %}{% for m in msgs %}{% set ns.count = ns.count + 1 %}{% if m.role == 'assistant' %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.count }} {{ ns.found }}",
    "set-tuple-unpack": "{% set a, b = 1, 2 %}{{ a }}{{ b }}",
    "set-block": "{% set block %}inner {{ n }}{% endset %}[{{ block }}]",
    "macro": "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('A') }} {{ greet('B', punct='?') }} {{ greet('C', '.') }}",
    "macro-sees-globals": "{% macro show() %}{{ n }}{% endmacro %}{{ show() }}",
    "raw": "{% raw %}{{ not rendered }} {% if %}{% endraw %}!",
    "comment": "a{# a comment with {{ tags }} #}b",
    "generation-tag": "{% generation %}kept {{ n }}{% endgeneration %}",
    "raise-exception": "{% if n > 5 %}{{ raise_exception('n is too big: ' ~ n) }}{% endif %}",
    "strftime-now": "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%B %-d, %Y %H:%M:%S %a %A %j %p %I %m %y') }}",
    "range": "{% for i in range(3) %}{{ i }}{% endfor %}{{ range(1, 10, 3) | list }}{{ range(5, 0, -2) | list }}",
    # whitespace control and trim_blocks / lstrip_blocks
    "ws-trim-blocks": "{% if true %}\nline\n{% endif %}\nafter",
    "ws-lstrip-blocks": "start\n    {% if true %}\n    indented\n    {% endif %}\nend",
    "ws-lstrip-not-variable": "start\n    {{ 'var' }}\nend",
    "ws-minus": "a   {%- if true -%}   b   {%- endif -%}   c",
    "ws-minus-var": "a \n {{- 'x' -}} \n b",
    "ws-plus-disables": "start\n    {%+ if true +%}\nkept\n    {%+ endif %}\nend",
    "ws-comment-lstrip-trim": "a\n    {# comment #}\nb",
    "ws-text-before-tag": "x  {% if true %}y{% endif %}\nz",
    "ws-crlf-source": "a\r\n{% if true %}\r\nb\r\n{% endif %}\r\nc",
    "ws-trailing-newline": "text\n",
    "ws-only-trailing-newline-block": "{% if true %}x{% endif %}\n",
    "ws-minus-comment": "a  {#- c -#}  b",
    "ws-raw-lstrip": "a\n  {% raw %}\n  {{ x }}\n  {% endraw %}\nb",
    # expressions
    "literals": "{{ 'a' \"b\" }}|{{ 42 }}|{{ 1_000 }}|{{ 3.0 }}|{{ 1e3 }}|{{ True }}|{{ false }}|{{ none }}|{{ None }}|{{ [1, 'x', None] }}|{{ {'k': (1,), 'j': ()} }}",
    "string-escapes": "{{ 'tab\\there\\nnew \\'q\\' \\u00e9 \\x41 \\\\' }}",
    "attribute-and-index": "{{ d.nested.k[1] }}|{{ d['nested']['k'][-1] }}|{{ msgs[0].role }}|{{ msgs[-1]['content'] }}|{{ d.nested.k.0 }}",
    "missing-attribute-prints-empty": "[{{ d.missing }}][{{ msgs[0].name }}][{{ xs[10] }}]",
    "missing-attribute-chained-errors": "{{ d.missing.deeper }}",
    "undefined-variable-attribute-errors": "{{ missing.attr }}",
    "slices": "{{ xs[1:] }}{{ xs[:-1] }}{{ xs[::-1] }}{{ xs[::2] }}{{ 'abcdef'[1:5:2] }}{{ 'abcdef'[-2:] }}{{ msgs[1:3] | length }}{{ xs[5:] }}{{ xs[-10:1] }}",
    "arithmetic": "{{ 7 + 3 }} {{ 7 - 10 }} {{ 7 * 3 }} {{ 7 / 2 }} {{ 6 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 7.5 // 2 }} {{ 1 + 2.5 }} {{ -n }} {{ +n }}",
    "float-printing": "{{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1e15 }} {{ 0.0001 }} {{ 0.00001 }} {{ 1/3 }} {{ 2.0 * 3 }} {{ -0.0 }} {{ 123456789.125 }} {{ 1e-7 * 3 }}",
    "string-ops": "{{ 'a' + 'b' }}{{ 'ab' * 3 }}{{ 'x' ~ 1 ~ none ~ true }}{{ [1] + [2] }}{{ [0] * 3 }}",
    "concat-precedence": "{{ 'a' ~ 1 + 2 }}",
    "comparisons": "{{ 1 < 2 }}{{ 2 <= 2 }}{{ 'a' < 'b' }}{{ [1, 2] < [1, 3] }}{{ 1 == 1.0 }}{{ 1 == true }}{{ 'a' != 'b' }}{{ none == none }}{{ 1 < 2 < 3 }}{{ 3 > 2 > 2 }}",
    "mismatched-ordering-errors": "{{ 1 < 'a' }}",
    "membership": "{{ 'a' in 'cat' }}{{ 2 in xs }}{{ 'b' in d }}{{ 'z' not in d }}{{ 5 not in xs }}{{ 'x' in missing }}",
    "logic-returns-operands": "{{ 0 or '' or 'z' }}|{{ 1 and 0 }}|{{ 'a' and 'b' }}|{{ none or [] }}|{{ not 0 }}|{{ not xs }}|{{ missing or 'fallback' }}",
    "ternary": "{{ 'yes' if t else 'no' }}|{{ 'yes' if nothing else 'no' }}|[{{ 'only' if false }}]|{{ 'a' if false else 'b' if true else 'c' }}",
    "not-precedence": "{{ not 1 == 2 }}{{ not true and false }}{{ not missing is defined }}",
    "tests": "{{ n is defined }}{{ missing is undefined }}{{ nothing is none }}{{ s is string }}{{ n is number }}{{ f is number }}{{ n is integer }}{{ f is integer }}{{ f is float }}{{ d is mapping }}{{ xs is iterable }}{{ s is iterable }}{{ xs is sequence }}{{ t is boolean }}{{ t is true }}{{ t is false }}{{ n is odd }}{{ n is even }}{{ 9 is divisibleby 3 }}{{ true is integer }}{{ true is number }}",
    "tests-with-args": "{{ n is equalto 7 }}{{ n is eq(7) }}{{ n is ne 7 }}{{ 'b' is in 'abc' }}{{ n is gt 3 }}{{ n is lt(3) }}{{ n is ge 7 }}{{ n is le 6 }}{{ nothing is sameas none }}{{ 'abc' is lower }}{{ 'ABC' is upper }}{{ missing is not defined }}{{ n is not none }}",
    "is-defined-on-missing-key": "{{ d.missing is defined }}{{ msgs[2].tool_calls is defined }}{{ msgs[0].tool_calls is not defined }}",
    "call-undefined-errors": "{{ missing() }}",
    "dict-literal-trailing-comma": "{{ {'a': 1, 'b': [1, 2,],} }}",
    "tuple-print": "{{ (1, 2) }}{{ 1, 2 }}{{ ('a',) }}",
    # filters
    "filter-trim-length-case": "[{{ s | trim }}][{{ s | length }}][{{ s | upper }}][{{ s | lower }}][{{ xs | count }}][{{ d | length }}][{{ u | length }}][{{ missing | length }}][{{ 'xxaxx' | trim('x') }}]",
    "filter-default": "{{ missing | default('dflt') }}|{{ nothing | default('dflt') }}|{{ nothing | default('dflt', true) }}|{{ '' | d('e', true) }}|{{ 0 | d('z', boolean=true) }}|{{ n | default(1) }}|[{{ missing | default }}]",
    "filter-join": "{{ xs | join(', ') }}|{{ words | join }}|{{ msgs | join('/', attribute='role') }}|{{ [1, none, 'a'] | join('-') }}",
    "filter-first-last": "{{ xs | first }}{{ xs | last }}{{ 'abc' | first }}{{ 'abc' | last }}[{{ empty | first }}]",
    "filter-replace": "{{ 'aaa' | replace('a', 'b') }}{{ 'aaa' | replace('a', 'b', 2) }}{{ s | replace(' ', '') }}",
    "filter-capitalize-title": "{{ word | capitalize }}|{{ word | title }}|{{ \"they're bill's\" | title }}",
    "filter-string-int-float": "{{ n | string }}{{ xs | string }}{{ nothing | string }}|{{ '42' | int }}{{ ' 42 ' | int }}{{ '4.7' | int }}{{ 'x' | int }}{{ 'x' | int(9) }}{{ 3.9 | int }}{{ true | int }}{{ '0x1A' | int(0, 16) }}|{{ '3' | float }}{{ 'x' | float }}{{ 2 | float }}",
    "filter-list-items-dictsort": "{{ 'ab' | list }}{{ d | list }}{{ d | dictsort }}{{ d | dictsort(reverse=true) }}{{ {'b': 2, 'a': 3, 'c': 1} | dictsort(by='value') }}",
    "filter-abs-round": "{{ neg | abs }}{{ -2.5 | abs }}|{{ 2.5 | round }}{{ 3.5 | round }}{{ 3.14159 | round(2) }}{{ 3 | round }}{{ 2.7 | round(0, 'floor') }}{{ 2.1 | round(0, 'ceil') }}",
    "filter-selectattr-map": "{{ msgs | selectattr('role', 'equalto', 'user') | map(attribute='content') | list }}|{{ msgs | rejectattr('role', 'equalto', 'user') | map(attribute='role') | join(',') }}|{{ msgs | selectattr('tool_calls', 'defined') | list | length }}|{{ msgs | selectattr('tool_calls', 'undefined') | list | length }}|{{ msgs | selectattr('tool_calls') | list | length }}",
    "filter-select-reject": "{{ [1, 2, 3, 4] | select('odd') | list }}{{ [1, 2, 3, 4] | reject('odd') | list }}{{ [0, 1, '', 'a'] | select | list }}{{ [1, 5, 9] | select('gt', 4) | list }}",
    "filter-map-filter-name": "{{ ['a', 'b'] | map('upper') | join }}{{ [' x ', 'y '] | map('trim') | list }}{{ [{'a': {'b': 1}}] | map(attribute='a.b') | list }}{{ msgs | map(attribute='name', default='n/a') | list }}",
    "filter-sort-unique-reverse": "{{ xs | sort }}{{ words | sort }}{{ words | sort(case_sensitive=true) }}{{ xs | sort(reverse=true) }}{{ msgs | sort(attribute='role') | map(attribute='content') | join }}{{ ['a', 'A', 'b', 'a'] | unique | list }}{{ xs | reverse | list }}{{ 'abc' | reverse }}",
    "filter-sum-min-max": "{{ xs | sum }}{{ xs | sum(start=10) }}{{ xs | min }}{{ xs | max }}{{ words | max }}{{ [{'v': 2}, {'v': 5}] | sum(attribute='v') }}",
    "filter-indent": "{{ multiline | indent }}|{{ multiline | indent(2, true) }}|{{ multiline | indent('> ', blank=true) }}",
    "filter-format-wordcount-center": "{{ '%s has %d items (%.2f)' | format('list', 3, 2.5) }}|{{ 'one two  three' | wordcount }}|[{{ 'ab' | center(7) }}]",
    "filter-safe-escape-attr": "{{ '<b>' | safe }}{{ '<a href=\"x\">&\\'' | escape }}{{ d | attr('b') }}",
    "filter-batch": "{{ [1, 2, 3, 4, 5] | batch(2) | list }}{{ [1, 2, 3] | batch(2, 0) | list }}",
    "filter-tojson": "{{ js | tojson }}",
    "filter-tojson-indent": "{{ js | tojson(indent=2) }}",
    "filter-tojson-options": "{{ js | tojson(separators=(',', ':'), sort_keys=true) }}|{{ u | tojson(ensure_ascii=true) }}|{{ d | tojson(indent='\\t') }}|{{ {1: 'a', none: 'b', true: 'c', 2.5: 'd'} | tojson }}",
    "filter-tojson-undefined-errors": "{{ missing | tojson }}",
    "filter-unknown-errors": "{{ n | no_such_filter }}",
    # methods
    "str-strip": "[{{ s.strip() }}][{{ s.lstrip() }}][{{ s.rstrip() }}][{{ 'xxhixx'.strip('x') }}][{{ '\\n\\thi\\n'.strip() }}][{{ 'ab..'.rstrip('.') }}][{{ '..ab'.lstrip('.') }}]",
    "str-affixes": "{{ s.strip().startswith('Hello') }}{{ s.endswith('  ') }}{{ 'abc'.startswith(('x', 'a')) }}{{ 'abc'.endswith('b') }}",
    "str-split": "{{ ' a  b c '.split() }}{{ csv.split(',') }}{{ 'a b c'.split(' ', 1) }}{{ 'a  b c '.split(none, 1) }}{{ '</think>x</think>y'.split('</think>')[-1] }}{{ 'a,b,c'.rsplit(',', 1) }}{{ multiline.splitlines() }}",
    "str-case-methods": "{{ 'hello world'.title() }}{{ \"they're\".title() }}{{ 'hELLO'.capitalize() }}{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}{{ 'Ab'.swapcase() }}",
    "str-replace-find-count": "{{ 'aXbXc'.replace('X', '-') }}{{ 'aXbXc'.replace('X', '-', 1) }}{{ 'abcb'.find('b') }}{{ 'abcb'.rfind('b') }}{{ 'abc'.find('z') }}{{ 'abcb'.count('b') }}{{ '-'.join(['a', 'b']) }}",
    "str-format": "{{ '{} and {}'.format('a', 1) }}|{{ '{0}{1}{0}'.format('x', 'y') }}|{{ '{name}!'.format(name='hi') }}|{{ '{{literal}}'.format() }}",
    "str-predicates": "{{ '123'.isdigit() }}{{ 'abc'.isalpha() }}{{ '  '.isspace() }}{{ 'ABC'.isupper() }}{{ 'abc'.islower() }}{{ '42'.zfill(5) }}",
    "dict-methods": "{{ d.get('a') }}{{ d.get('zz') }}{{ d.get('zz', 'dflt') }}{{ d.keys() | list }}{{ d.values() | list | length }}{% for k, v in d.nested.items() %}{{ k }}{{ v }}{% endfor %}",
    "list-methods": "{{ xs.index(2) }}{{ xs.count(3) }}",
    "list-append-is-unsafe": "{{ xs.append(4) }}",
    # printing
    "print-values": "{{ nothing }}|{{ t }}|{{ f }}|{{ n }}|{{ xs }}|{{ d }}|{{ words }}|{{ \"it's\" }}|{{ [\"it's\", 'say \"hi\"', 'both \\' \"'] }}|{{ ['tab\\t', 'nl\\n', 'é', '\\x01'] }}|{{ msgs[2].tool_calls }}",
    "print-undefined": "[{{ missing }}]",
    # more whitespace edge cases
    "ws2-minus-after-text": "abc   {%- if true %}x{% endif %}",
    "ws2-tab-indent": "a\n\t\t{% if true %}\n\tb\n\t{% endif %}\nc",
    "ws2-template-start": "   {% if true %}x{% endif %}",
    "ws2-after-variable-same-line": "{{ 'a' }}   {% if true %}b{% endif %}",
    "ws2-after-variable-next-line": "{{ 'a' }}\n   {% if true %}b{% endif %}",
    "ws2-after-variable-minus": "{{ 'a' -}}\n   {% if true %}b{% endif %}",
    "ws2-multiline-tag": "{% if\n true\n %}x{% endif %}\ny",
    "ws2-spaces-after-tag": "{% if true %}  \nx{% endif %}",
    "ws2-raw-minus": "a  {%- raw -%}  {{ x }}  {%- endraw -%}  b",
    "ws2-double-newline": "{% for i in [1, 2] %}\n\n{{ i }}\n{% endfor %}",
    "ws2-set-lines": "{% set a = 1 %}\n{% set b = 2 %}\n{{ a + b }}\n",
    "ws2-comment-minus-line": "x\n  {#- c #}\ny",
    "ws2-endfor-indented": "<ul>\n  {% for i in [1, 2] %}\n    <li>{{ i }}</li>\n  {% endfor %}\n</ul>",
    "ws2-macro-body": "{% macro m(x) %}\n  [{{ x }}]\n{% endmacro %}\n{{ m(1) }}{{ m(2) }}",
    "ws2-crlf-minus": "a\r\n  {%- if true -%}\r\n  b\r\n{%- endif %}",
    # more expressions
    "expr-delimiters-in-strings": "{% set x = '%}' %}{{ x }}{{ '}}' }}{{ '{{' }}{{ {'a': {'b': 1}} }}",
    "expr-pow-associativity": "{{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 2 ** -1 }}",
    "expr-float-mod": "{{ -7.5 % 2 }} {{ 7.5 % -2 }} {{ 10 / 4 }} {{ -7 // 2.0 }}",
    "expr-float-printing-2": "{{ 1e22 }} {{ 12345678.9 }} {{ 0.1 }} {{ 100.5e-3 }} {{ 1.5e300 * 1 }} {{ 2.0 ** 70 }} {{ 5e-324 }} {{ 1.7976931348623157e308 }}",
    "expr-not-in-precedence": "{{ not 'a' in 'abc' }}{{ not 'z' in 'abc' }}",
    "expr-test-arg-then-and": "{{ n is divisibleby 7 and true }}{{ 1 if n is defined else 2 }}{{ (1 if false) is defined }}",
    "expr-undefined-loop-outside": "[{{ 'x' ~ loop.index if loop is defined else 'no loop' }}]",
    "expr-string-index-out-of-range": "[{{ 'abc'[10] }}][{{ 'abc'[-1] }}]",
    "expr-percent-format": "{{ '%s-%s' % ('a', 'b') }}{{ '%d%%' % 50 }}{{ '%05.1f' % 3.14159 }}",
    "expr-in-none-errors": "{{ 'a' in none }}",
    "expr-repr-unicode": "{{ ['\u00a0', '\u200b', '🌍', 'ü', '\x7f', '\u2028'] }}",
    "expr-default-none-is-none": "{{ missing | default(none) is none }}",
    "expr-last-of-filtered": "{{ (msgs | selectattr('role', 'equalto', 'user') | list | last).content }}",
    "expr-namespace-from-dict": "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}",
    "expr-dict-equality": "{{ {'a': 1} == {'a': 1.0} }}{{ [1, 2] == [1, 2] }}{{ (1, 2) == [1, 2] }}{{ 'a' == missing }}{{ missing == missing2 }}",
    "expr-bool-arith": "{{ true + true }}{{ true * 3 }}{{ -true }}",
    "expr-chained-method-calls": "{{ ' A,b '.strip().lower().split(',') | map('upper') | join('+') }}",
    "expr-message-content-trim-concat": "{{ '<|' + msgs[1]['role'] + '|>\n' + msgs[1]['content'] | trim + '<end>' }}",
    "expr-loop-index-arith": "{% for m in msgs %}{% if (m.role == 'user') != (loop.index0 % 2 == 1) %}!{% endif %}{{ loop.index0 % 2 }}{% endfor %}",
    "expr-items-of-list-errors": "{{ xs | items | list }}",
    "expr-length-of-int-errors": "{{ n | length }}",
    "expr-keyword-call-on-method": "{{ d.get('zz', default='kw') }}",
    # scoping
    "scope-read-before-set-in-loop": "{% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}",
    "scope-macro-does-not-leak": "{% set x = 1 %}{% macro m() %}{% set x = 5 %}{{ x }}{% endmacro %}{{ m() }}{{ x }}",
    "scope-outer-loop-alias": "{% for a in [1, 2] %}{% set outer = loop %}{% for b in [3] %}{{ outer.index }}{{ loop.index }}{% endfor %}{% endfor %}",
    "scope-loop-var-after-loop": "{% for item in [1, 2] %}{% endfor %}[{{ item }}]",
    "scope-namespace-in-macro": "{% set ns = namespace(v=0) %}{% macro bump() %}{% set ns.v = ns.v + 1 %}{% endmacro %}{{ bump() }}{{ bump() }}{{ ns.v }}",
    "scope-set-messages-slice": "{% set msgs = msgs[1:] %}{{ msgs | length }}{% for m in msgs %}{{ m.role[0] }}{% endfor %}",
    # call, filter and with blocks
    "call-block": "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}bold {{ n }}{% endcall %}",
    "filter-block": "{% filter upper | replace('A', '4') %}abc {{ n }}{% endfilter %}",
    "with-block": "{% with a = 1, b = n %}{{ a + b }}{% endwith %}[{{ a }}]",
    # lazy filters are one-pass generators
    "generator-always-truthy": "{% if msgs | selectattr('role', 'equalto', 'nobody') %}truthy{% endif %}|{% if msgs | selectattr('role', 'equalto', 'nobody') | list %}nonempty{% endif %}",
    "generator-single-pass": "{% set g = xs | select %}{{ g | list }}{{ g | list }}{% set h = xs | map('string') %}{{ h | first }}{{ h | join }}",
    "generator-no-len": "{{ xs | select | length }}",
    "generator-not-indexable": "[{{ (xs | select)[0] }}][{{ (xs | select)[1:] }}]",
    "generator-lazy-error": "{% set g = 5 | items %}ok{% if g %} still ok{% endif %}",
    "generator-lazy-error-on-use": "{{ 5 | items | list }}",
    "generator-last-not-reversible": "{{ xs | select | last }}",
    "reverse-iterator": "{% for x in xs | reverse %}{{ x }}{% endfor %}{{ (xs | reverse | list) }}{{ 'abc' | reverse }}{{ xs | select | reverse }}",
    # dict views
    "dict-views": "{{ d.items() }}|{{ d.keys() }}|{{ d.values() | length }}|{{ 'a' in d.keys() }}|{% if d.items() %}t{% endif %}|[{{ d.keys()[0] }}]|{{ d.keys() is sequence }}|{{ d.items() | list | first }}",
    "dict-views-tojson-errors": "{{ d.keys() | tojson }}",
    # syntax errors
    "syntax-unclosed-if": "{% if true %}x",
    "syntax-unknown-tag": "{% frobnicate %}",
    "syntax-bad-expression": "{{ 1 + }}",
    "syntax-unclosed-string": "{{ 'abc }}",
    "syntax-unclosed-comment": "{# never closed",
    "syntax-unexpected-end": "{% for x in xs %}{% endif %}",
}


def main():
    env = environment()
    ctx = dict(VARS)
    out = []
    for name, source in CASES.items():
        case = {"name": name, "template": source}
        try:
            template = env.from_string(source)
        except jinja2.exceptions.TemplateSyntaxError as e:
            case["syntax_error"] = f"{e.message} (line {e.lineno})"
            out.append(case)
            continue
        try:
            case["output"] = template.render(**ctx)
        except (jinja2.exceptions.UndefinedError, jinja2.exceptions.SecurityError) as e:
            case["error"] = f"{type(e).__name__}: {e}"
        except jinja2.exceptions.TemplateError as e:
            case["raised"] = e.message
        except Exception as e:
            case["error"] = f"{type(e).__name__}: {e}"
        out.append(case)
    golden = {"jinja2_version": jinja2.__version__, "variables": VARS, "cases": out}
    (FIXTURES / "language_cases.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(len(out), "cases;", sum("output" in c for c in out), "outputs")


if __name__ == "__main__":
    main()
