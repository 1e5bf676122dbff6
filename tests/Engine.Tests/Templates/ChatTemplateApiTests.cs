using System.Text.Json;
using Inference.Engine.Templates;
using Microsoft.Extensions.Time.Testing;

namespace Inference.Engine.Tests.Templates;

/// <summary>The render variables follow transformers' apply_chat_template; values convert like Python's json.loads.</summary>
public sealed class ChatTemplateApiTests
{
    private static IReadOnlyList<TemplateValue> Messages(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(TemplateValueConverter.FromJson).ToList();

    [Fact]
    public void Tools_and_documents_are_defined_as_none_when_absent_and_missing_tokens_are_undefined()
    {
        var template = ChatTemplate.Parse(
            "{{ tools is defined }}{{ tools is none }}{{ documents is none }}{{ bos_token is defined }}{{ eos_token }}{{ add_generation_prompt }}");
        var output = template.Render(new ChatTemplateContext { Messages = [], EosToken = "</s>", AddGenerationPrompt = true });
        Assert.Equal("TrueTrueTrueFalse</s>True", output);
    }

    [Fact]
    public void Extra_variables_are_visible_and_override_named_ones()
    {
        var template = ChatTemplate.Parse("{{ enable_thinking }} {{ bos_token }}");
        var output = template.Render(new ChatTemplateContext
        {
            Messages = [],
            BosToken = "<s>",
            Extra = new Dictionary<string, TemplateValue> { ["enable_thinking"] = BooleanValue.False, ["bos_token"] = new StringValue("<B>") },
        });
        Assert.Equal("False <B>", output);
    }

    [Fact]
    public void Json_numbers_keep_python_int_and_float_identity()
    {
        var values = Messages("""[{"i": 1, "f": 1.0, "e": 1e3, "neg": -0.5}]""");
        var template = ChatTemplate.Parse("{% set m = messages[0] %}{{ m.i }} {{ m.f }} {{ m.e }} {{ m.neg }} {{ m | tojson }}");
        Assert.Equal("1 1.0 1000.0 -0.5 {\"i\": 1, \"f\": 1.0, \"e\": 1000.0, \"neg\": -0.5}",
            template.Render(new ChatTemplateContext { Messages = values }));
    }

    [Fact]
    public void Integers_beyond_64_bits_print_and_serialise_exactly()
    {
        var values = Messages("""[{"id": 123456789012345678901234567890, "neg": -98765432109876543210}]""");
        var template = ChatTemplate.Parse(
            "{% set m = messages[0] %}{{ m.id }} {{ m | tojson }} {{ m.id is integer }} {{ m.id > 5 }} {{ m.neg < m.id }} {{ m.id | int }} {{ [m.id] }}");
        Assert.Equal("123456789012345678901234567890 {\"id\": 123456789012345678901234567890, \"neg\": -98765432109876543210} True True True 123456789012345678901234567890 [123456789012345678901234567890]",
            template.Render(new ChatTemplateContext { Messages = values }));
        Assert.Throws<TemplateRuntimeException>(() =>
            ChatTemplate.Parse("{{ messages[0].id + 1 }}").Render(new ChatTemplateContext { Messages = values }));
        Assert.Equal("18446744073709551615", TemplateValueConverter.FromObject(ulong.MaxValue).ToString());
    }

    [Fact]
    public void Plain_dotnet_data_converts_to_template_values()
    {
        var value = TemplateValueConverter.FromObject(new Dictionary<string, object?>
        {
            ["s"] = "x", ["i"] = 3, ["l"] = 4L, ["d"] = 0.25, ["b"] = true, ["n"] = null,
            ["list"] = new object[] { 1, "two", new[] { 3.5 } },
        });
        Assert.Equal("{'s': 'x', 'i': 3, 'l': 4, 'd': 0.25, 'b': True, 'n': None, 'list': [1, 'two', [3.5]]}", value.ToString());
    }

    [Fact]
    public void Strftime_now_reads_the_injected_clock()
    {
        var options = new ChatTemplateOptions { Clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)) };
        var template = ChatTemplate.Parse("{{ strftime_now('%d %b %Y %H:%M:%S %A %-d %B') }}", options);
        Assert.Equal("02 Jan 2025 03:04:05 Thursday 2 January", template.Render(new ChatTemplateContext { Messages = [] }));
    }

    [Fact]
    public void Whitespace_settings_can_be_turned_off_to_render_plain_jinja()
    {
        const string source = "a\n  {% if true %}\nb\n  {% endif %}\nc";
        Assert.Equal("a\nb\nc", ChatTemplate.Parse(source).Render(new Dictionary<string, TemplateValue>()));
        var plain = new ChatTemplateOptions { TrimBlocks = false, LStripBlocks = false };
        Assert.Equal("a\n  \nb\n  \nc", ChatTemplate.Parse(source, plain).Render(new Dictionary<string, TemplateValue>()));
    }

    [Fact]
    public void The_source_is_kept_for_caching_and_diagnostics()
    {
        const string source = "{{ messages | length }}";
        var template = ChatTemplate.Parse(source);
        Assert.Same(source, template.Source);
        Assert.Equal("2", template.Render(new ChatTemplateContext { Messages = Messages("""[{"role":"user"},{"role":"assistant"}]""") }));
    }

    [Fact]
    public void Continue_final_message_cuts_after_the_last_message_and_excludes_the_generation_prompt()
    {
        var template = ChatTemplate.Parse("{% for m in messages %}<{{ m.role }}>{{ m.content | trim }}</s>{% endfor %}");
        var messages = Messages("""[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "The answer is  "}]""");
        Assert.Equal("<user>Hi</s><assistant>The answer is",
            template.Render(new ChatTemplateContext { Messages = messages, ContinueFinalMessage = true }));
        Assert.Throws<ArgumentException>(() =>
            template.Render(new ChatTemplateContext { Messages = messages, ContinueFinalMessage = true, AddGenerationPrompt = true }));
        Assert.Throws<TemplateRuntimeException>(() =>
            ChatTemplate.Parse("nothing").Render(new ChatTemplateContext { Messages = messages, ContinueFinalMessage = true }));
    }
}
