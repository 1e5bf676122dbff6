using Inference.Engine.Templates;

namespace Inference.Engine.Tests.Templates;

/// <summary>Sandbox bounds and error reporting: bad templates and hostile inputs fail with typed errors, never hang.</summary>
public sealed class TemplateSandboxTests
{
    private static string Render(string source, TemplateLimits? limits = null, IReadOnlyDictionary<string, TemplateValue>? variables = null) =>
        ChatTemplate.Parse(source, new ChatTemplateOptions { Limits = limits ?? TemplateLimits.Default })
            .Render(variables ?? new Dictionary<string, TemplateValue>());

    [Fact]
    public void Loop_iterations_are_bounded()
    {
        var limits = new TemplateLimits { MaxLoopIterations = 1000 };
        var e = Assert.Throws<TemplateLimitException>(() =>
            Render("{% for a in range(100) %}{% for b in range(100) %}x{% endfor %}{% endfor %}", limits));
        Assert.Contains("1000", e.Message);
        Assert.Equal(new string('x', 30), Render("{% for a in range(30) %}x{% endfor %}", limits));
    }

    [Fact]
    public void Output_size_is_bounded()
    {
        var limits = new TemplateLimits { MaxOutputChars = 100 };
        Assert.Throws<TemplateLimitException>(() => Render("{% for i in range(200) %}x{% endfor %}", limits));
        Assert.Throws<TemplateLimitException>(() => Render("{{ 'x' * 1000 }}", limits));
        Assert.Throws<TemplateLimitException>(() => Render("{% set s = 'xxxxxxxxxx' %}{{ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s }}", limits));
    }

    [Fact]
    public void String_repetition_cannot_allocate_past_the_limit()
    {
        Assert.Throws<TemplateLimitException>(() => Render("{{ 'abc' * 1000000000000 }}"));
        Assert.Throws<TemplateLimitException>(() => Render("{{ [1, 2] * 1000000000000 }}"));
    }

    [Theory]
    [InlineData("{{ '%999999999s' % 'x' }}")]
    [InlineData("{{ '%.999999999f' % 1.5 }}")]
    [InlineData("{{ '%s' | format('x') | center(2000) }}")]
    [InlineData("{{ '1'.zfill(999999999) }}")]
    [InlineData("{{ text | replace('a', 'bbbbbbbbbbbbbbbbbbbb') }}")]
    [InlineData("{{ text.replace('a', 'bbbbbbbbbbbbbbbbbbbb') }}")]
    [InlineData("{{ lines | indent(1000) }}")]
    [InlineData("{{ nested | tojson(indent=64) }}")]
    public void Sizes_chosen_by_the_template_cannot_allocate_past_the_limit(string source)
    {
        var limits = new TemplateLimits { MaxOutputChars = 1000 };
        var variables = new Dictionary<string, TemplateValue>
        {
            ["text"] = new StringValue(new string('a', 900)),
            ["lines"] = new StringValue(string.Concat(Enumerable.Repeat("x\n", 100))),
            ["nested"] = TemplateValueConverter.FromObject(new[] { new[] { new[] { new[] { 1, 2, 3, 4, 5, 6, 7, 8 } } } }),
        };
        Assert.Throws<TemplateLimitException>(() => Render(source, limits, variables));
    }

    [Fact]
    public void Ranges_are_capped_as_in_jinjas_sandbox()
    {
        Assert.Throws<TemplateLimitException>(() => Render("{{ range(1000000) | length }}"));
        Assert.Equal("100000", Render("{{ range(100000) | length }}"));
    }

    [Fact]
    public void Recursive_macros_hit_the_call_depth_limit()
    {
        var limits = new TemplateLimits { MaxCallDepth = 10 };
        const string source = "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}";
        Assert.Throws<TemplateLimitException>(() => Render(source, limits));
        Assert.Equal("3-2-1-", Render("{% macro c(n) %}{% if n > 0 %}{{ n }}-{{ c(n - 1) }}{% endif %}{% endmacro %}{{ c(3) }}", limits));
    }

    [Fact]
    public void Deeply_nested_expressions_are_a_syntax_error_not_a_stack_overflow()
    {
        var source = "{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}";
        Assert.Throws<TemplateSyntaxException>(() => ChatTemplate.Parse(source));
        Assert.Throws<TemplateSyntaxException>(() => ChatTemplate.Parse("{{ " + string.Concat(Enumerable.Repeat("not ", 5000)) + "x }}"));
        var nestedBlocks = string.Concat(Enumerable.Repeat("{% if true %}", 20000)) + string.Concat(Enumerable.Repeat("{% endif %}", 20000));
        Assert.Throws<TemplateSyntaxException>(() => ChatTemplate.Parse(nestedBlocks));
        Assert.Equal("x", Render(string.Concat(Enumerable.Repeat("{% if true %}", 100)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 100))));
    }

    [Fact]
    public void Syntax_errors_report_line_and_column()
    {
        var e = Assert.Throws<TemplateSyntaxException>(() => ChatTemplate.Parse("line one\n{% if x %}\n  {{ 1 + }}\n{% endif %}"));
        Assert.Equal(3, e.Line);
        Assert.Equal(10, e.Column);
        Assert.Contains("line 3, column 10", e.Message);

        var unclosed = Assert.Throws<TemplateSyntaxException>(() => ChatTemplate.Parse("a\nb {% for x in y %}"));
        Assert.Contains("endfor", unclosed.Message);
    }

    [Theory]
    [InlineData("{% include 'other.jinja' %}")]
    [InlineData("{% import 'macros.jinja' as m %}")]
    [InlineData("{% extends 'base.jinja' %}")]
    [InlineData("{{ x | no_such_filter }}")]
    [InlineData("{{ x is no_such_test }}")]
    [InlineData("{% for x in xs recursive %}{% endfor %}")]
    [InlineData("{{ f(*args) }}")]
    [InlineData("{% endfor %}")]
    public void Unsupported_or_invalid_constructs_are_syntax_errors(string source) =>
        Assert.Throws<TemplateSyntaxException>(() => ChatTemplate.Parse(source));

    [Fact]
    public void An_unknown_filter_inside_an_if_fails_only_when_reached()
    {
        var template = ChatTemplate.Parse("{% if flag %}{{ x | no_such_filter }}{% endif %}ok");
        Assert.Equal("ok", template.Render(new Dictionary<string, TemplateValue> { ["flag"] = BooleanValue.False }));
        Assert.Throws<TemplateRuntimeException>(() => template.Render(new Dictionary<string, TemplateValue> { ["flag"] = BooleanValue.True }));
    }

    [Theory]
    [InlineData("{{ missing.attribute }}")]
    [InlineData("{{ missing() }}")]
    [InlineData("{{ 'a' + 1 }}")]
    [InlineData("{{ 1 / 0 }}")]
    [InlineData("{{ 5 // 0 }}")]
    [InlineData("{{ 1 < 'a' }}")]
    [InlineData("{{ none | list }}")]
    [InlineData("{{ 'x'() }}")]
    [InlineData("{{ {[1]: 2} }}")]
    [InlineData("{{ [1].append(2) }}")]
    [InlineData("{{ {'a': 1}.update({'b': 2}) }}")]
    [InlineData("{% set x = 1 %}{% set x.attr = 2 %}")]
    [InlineData("{% set a, b = [1, 2, 3] %}")]
    [InlineData("{{ 9223372036854775807 + 1 }}")]
    [InlineData("{{ missing | tojson }}")]
    public void Runtime_errors_are_typed(string source) =>
        Assert.Throws<TemplateRuntimeException>(() => Render(source));

    [Fact]
    public void Runtime_errors_name_the_innermost_failing_statement()
    {
        const string source = "{% for m in messages %}\n  {% if m.role == 'user' %}\n    {{ m.content + 1 }}\n  {% endif %}\n{% endfor %}";
        var messages = new ListValue([TemplateValueConverter.FromObject(new Dictionary<string, object> { ["role"] = "user", ["content"] = "hi" })]);
        var e = Assert.Throws<TemplateRuntimeException>(() => Render(source, variables: new Dictionary<string, TemplateValue> { ["messages"] = messages }));
        Assert.Equal(3, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Equal("can only concatenate str (not \"int\") to str", e.Reason);
        Assert.EndsWith("(line 3, column 5)", e.Message);
    }

    [Fact]
    public void Raise_exception_carries_the_message_verbatim()
    {
        var e = Assert.Throws<TemplateRaisedException>(() => Render("{{ raise_exception('Roles must alternate: ' ~ 3) }}"));
        Assert.Equal("Roles must alternate: 3", e.Message);
    }

    [Fact]
    public void Templates_reach_no_dotnet_members()
    {
        // Only the interpreter's own value types exist inside a template: .NET members are simply undefined.
        Assert.Equal("||", Render("{{ s.Length }}|{{ s.GetType }}|{{ xs.Count }}", variables: new Dictionary<string, TemplateValue>
        {
            ["s"] = new StringValue("abc"),
            ["xs"] = new ListValue([new IntegerValue(1)]),
        }));
        Assert.Throws<ArgumentException>(() => TemplateValueConverter.FromObject(new Uri("http://example.com")));
        Assert.Throws<ArgumentException>(() => TemplateValueConverter.FromObject(new FileInfo("/etc/passwd")));
    }

    [Fact]
    public void A_parsed_template_renders_concurrently()
    {
        var template = ChatTemplate.Parse(
            "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{{ m.content }}{% endfor %}={{ ns.n }}");
        var results = new string[64];
        Parallel.For(0, results.Length, i =>
        {
            var messages = Enumerable.Range(0, i % 7 + 1)
                .Select(k => TemplateValueConverter.FromObject(new Dictionary<string, object> { ["role"] = "user", ["content"] = $"{i}.{k};" }))
                .ToList();
            results[i] = template.Render(new ChatTemplateContext { Messages = messages });
        });
        for (var i = 0; i < results.Length; i++)
        {
            var n = i % 7 + 1;
            Assert.Equal(string.Concat(Enumerable.Range(0, n).Select(k => $"{i}.{k};")) + "=" + n, results[i]);
        }
    }
}
