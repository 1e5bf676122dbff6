using System.Text.RegularExpressions;
using Inference.Engine.Templates;

namespace Inference.Engine.Tests.Templates;

/// <summary>
/// One snippet per language feature (statements, whitespace control, expressions, each filter, test and method),
/// rendered by the real Jinja2 in transformers' environment (tools/goldens/chat_templates/render_language_cases.py).
/// </summary>
public sealed partial class TemplateLanguageCaseTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in TemplateFixtures.ReadJson("language_cases.json").GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [GeneratedRegex(@"\(line (\d+)\)$")]
    private static partial Regex LineSuffix();

    [Theory]
    [MemberData(nameof(Names))]
    public void Snippet_matches_jinja2(string name)
    {
        var root = TemplateFixtures.ReadJson("language_cases.json");
        var c = root.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var source = c.GetProperty("template").GetString()!;
        var variables = root.GetProperty("variables").EnumerateObject()
            .ToDictionary(p => p.Name, p => TemplateValueConverter.FromJson(p.Value));

        if (c.TryGetProperty("syntax_error", out var syntax))
        {
            var e = Assert.Throws<TemplateSyntaxException>(() => ChatTemplate.Parse(source, TemplateFixtures.Options));
            Assert.Equal(int.Parse(LineSuffix().Match(syntax.GetString()!).Groups[1].Value), e.Line);
            return;
        }
        var template = ChatTemplate.Parse(source, TemplateFixtures.Options);
        if (c.TryGetProperty("output", out var output))
            Assert.Equal(output.GetString(), template.Render(variables));
        else if (c.TryGetProperty("raised", out var raised))
            Assert.Equal(raised.GetString(), Assert.Throws<TemplateRaisedException>(() => template.Render(variables)).Message);
        else
            Assert.Throws<TemplateRuntimeException>(() => template.Render(variables));
    }
}
