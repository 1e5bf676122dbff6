using System.Text.Json;
using Inference.Engine.Templates;

namespace Inference.Engine.Tests.Templates;

public sealed class ChatTemplateSetTests
{
    private static readonly Dictionary<string, TemplateValue> NoVariables = new();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void A_string_value_is_the_default_template()
    {
        var set = ChatTemplateSet.FromConfigValue(Json("\"one{{ 1 }}\""));
        Assert.Equal(["default"], set.Names);
        Assert.Equal("one1", set.Select().Render(NoVariables));
        Assert.Equal("one1", set.Select(hasTools: true).Render(NoVariables));
    }

    [Fact]
    public void Named_templates_are_selected_like_transformers()
    {
        var set = ChatTemplateSet.FromConfigValue(Json("""
            [{"name": "default", "template": "D"}, {"name": "tool_use", "template": "T"}, {"name": "rag", "template": "R"}]
            """));
        Assert.Equal("D", set.Select().Render(NoVariables));
        Assert.Equal("T", set.Select(hasTools: true).Render(NoVariables));
        Assert.Equal("R", set.Select("rag", hasTools: true).Render(NoVariables));
        Assert.Throws<KeyNotFoundException>(() => set.Select("missing"));
    }

    [Fact]
    public void Several_templates_without_a_default_need_a_name()
    {
        var set = ChatTemplateSet.FromConfigValue(Json("""[{"name": "a", "template": "A"}, {"name": "b", "template": "B"}]"""));
        Assert.Throws<KeyNotFoundException>(() => set.Select());
        Assert.Equal("B", set.Select("b").Render(NoVariables));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("{\"template\": \"x\"}")]
    [InlineData("[{\"name\": \"default\"}]")]
    [InlineData("[\"just a string\"]")]
    public void Malformed_values_are_rejected(string json) =>
        Assert.Throws<FormatException>(() => ChatTemplateSet.FromConfigValue(Json(json)));

    [Fact]
    public void Templates_parse_lazily_so_a_broken_unused_template_does_not_block_the_others()
    {
        var set = ChatTemplateSet.FromConfigValue(Json("""[{"name": "default", "template": "ok"}, {"name": "rag", "template": "{% if %}"}]"""));
        Assert.Equal("ok", set.Select().Render(NoVariables));
        Assert.Throws<TemplateSyntaxException>(() => set.Select("rag"));
    }
}
