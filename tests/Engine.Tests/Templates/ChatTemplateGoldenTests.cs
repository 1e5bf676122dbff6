using System.Text.Json;
using Inference.Engine.Templates;

namespace Inference.Engine.Tests.Templates;

/// <summary>
/// Real chat templates rendered by Debian's python3-jinja2 in transformers' environment
/// (tools/goldens/chat_templates/render_goldens.py). Outputs must match byte for byte; where Jinja's template
/// called raise_exception, ours must raise TemplateRaisedException with the same message; where Jinja failed with
/// a type/undefined error, ours must fail with a TemplateRuntimeException.
/// </summary>
public sealed class ChatTemplateGoldenTests
{
    public static TheoryData<string, string, bool, bool> Cases()
    {
        var data = new TheoryData<string, string, bool, bool>();
        foreach (var spec in TemplateFixtures.ReadJson("templates.json").EnumerateArray())
        {
            var name = spec.GetProperty("name").GetString()!;
            foreach (var c in TemplateFixtures.ReadJson($"goldens/{name}.json").GetProperty("cases").EnumerateArray())
                data.Add(name, c.GetProperty("conversation").GetString()!, c.GetProperty("add_generation_prompt").GetBoolean(), ContinuesFinal(c));
        }
        return data;
    }

    private static bool ContinuesFinal(JsonElement golden) =>
        golden.TryGetProperty("continue_final_message", out var flag) && flag.GetBoolean();

    [Fact]
    public void Fixtures_cover_at_least_eight_templates_with_both_generation_prompt_settings()
    {
        var cases = Cases();
        Assert.True(cases.Select(c => (string)c[0]).Distinct().Count() >= 8);
        Assert.Contains(cases, c => (bool)c[2]);
        Assert.Contains(cases, c => !(bool)c[2]);
        Assert.Contains(cases, c => (bool)c[3]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_matches_jinja2(string template, string conversation, bool addGenerationPrompt, bool continueFinalMessage)
    {
        var golden = TemplateFixtures.ReadJson($"goldens/{template}.json").GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("conversation").GetString() == conversation
                         && c.GetProperty("add_generation_prompt").GetBoolean() == addGenerationPrompt
                         && ContinuesFinal(c) == continueFinalMessage);
        var context = TemplateFixtures.Context(TemplateFixtures.Spec(template), TemplateFixtures.Conversation(conversation), addGenerationPrompt)
            with { ContinueFinalMessage = continueFinalMessage };
        var chatTemplate = TemplateFixtures.Template(template);

        if (golden.TryGetProperty("output", out var output))
        {
            Assert.Equal(output.GetString(), chatTemplate.Render(context));
        }
        else if (golden.TryGetProperty("raised", out var raised))
        {
            var e = Assert.Throws<TemplateRaisedException>(() => chatTemplate.Render(context));
            Assert.Equal(raised.GetString(), e.Message);
        }
        else
        {
            Assert.Equal(JsonValueKind.String, golden.GetProperty("error").ValueKind);
            Assert.Throws<TemplateRuntimeException>(() => chatTemplate.Render(context));
        }
    }
}
