using Inference.Engine.Templates;

namespace Inference.Engine.Tests.Templates;

/// <summary>
/// Seeded random templates (whitespace-control layouts and random expressions over filters, tests, methods and
/// operators) rendered by the real Jinja2 (tools/goldens/chat_templates/render_fuzz_cases.py). Each batch must match
/// output for output; where Jinja failed to compile or render, we must fail with the corresponding exception type.
/// </summary>
public sealed class TemplateDifferentialTests
{
    private const int BatchSize = 100;

    public static TheoryData<int> Batches()
    {
        var count = TemplateFixtures.ReadJson("fuzz_cases.json").GetProperty("cases").GetArrayLength();
        var data = new TheoryData<int>();
        for (var start = 0; start < count; start += BatchSize) data.Add(start);
        return data;
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Random_templates_match_jinja2(int start)
    {
        var root = TemplateFixtures.ReadJson("fuzz_cases.json");
        var variables = root.GetProperty("variables").EnumerateObject()
            .ToDictionary(p => p.Name, p => TemplateValueConverter.FromJson(p.Value));
        var mismatches = new List<string>();
        foreach (var c in root.GetProperty("cases").EnumerateArray().Skip(start).Take(BatchSize))
        {
            var source = c.GetProperty("template").GetString()!;
            var expected = c.TryGetProperty("output", out var o) ? "output:" + o.GetString()
                : c.TryGetProperty("syntax_error", out _) ? "syntax" : "error";
            var actual = Outcome(source, variables);
            if (actual != expected) mismatches.Add($"{source}\n  expected {expected}\n  actual   {actual}");
        }
        Assert.Empty(mismatches);
    }

    private static string Outcome(string source, IReadOnlyDictionary<string, TemplateValue> variables)
    {
        ChatTemplate template;
        try
        {
            template = ChatTemplate.Parse(source, TemplateFixtures.Options);
        }
        catch (TemplateSyntaxException)
        {
            return "syntax";
        }
        try
        {
            return "output:" + template.Render(variables);
        }
        catch (TemplateRuntimeException)
        {
            return "error";
        }
    }
}
