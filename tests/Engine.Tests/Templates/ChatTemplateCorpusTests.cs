using System.Text.Json;
using Inference.Engine.Templates;

namespace Inference.Engine.Tests.Templates;

/// <summary>
/// Compatibility corpus: every distinct chat template shipped in the Ollama library's GGUFs (84 real templates,
/// see corpus/ollama-gguf-templates.json), each over all fixture conversations with and without the generation
/// prompt, against goldens rendered by python3-jinja2 in transformers' environment.
/// </summary>
public sealed class ChatTemplateCorpusTests
{
    private static readonly Lazy<JsonElement> Sources = new(() =>
        TemplateFixtures.ReadJson("corpus/ollama-gguf-templates.json").GetProperty("templates"));
    private static readonly Lazy<JsonElement> Goldens = new(() =>
        TemplateFixtures.ReadJson("goldens/corpus-ollama-gguf.json").GetProperty("templates"));

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var model in Goldens.Value.EnumerateObject()) data.Add(model.Name);
        return data;
    }

    [Fact]
    public void Corpus_holds_the_whole_library()
    {
        Assert.True(Models().Count >= 80);
        Assert.Equal(Sources.Value.EnumerateObject().Count(), Models().Count);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_case_matches_jinja2(string model)
    {
        var template = ChatTemplate.Parse(Sources.Value.GetProperty(model).GetString()!, TemplateFixtures.Options);
        var spec = JsonDocument.Parse("""{"bos_token": "<s>", "eos_token": "</s>"}""").RootElement;
        var mismatches = new List<string>();
        foreach (var golden in Goldens.Value.GetProperty(model).EnumerateArray())
        {
            var conversation = golden.GetProperty("conversation").GetString()!;
            var addGenerationPrompt = golden.GetProperty("add_generation_prompt").GetBoolean();
            var context = TemplateFixtures.Context(spec, TemplateFixtures.Conversation(conversation), addGenerationPrompt);
            var (kind, text) = Outcome(() => template.Render(context));
            var expectedKind = golden.TryGetProperty("output", out _) ? "output" : golden.TryGetProperty("raised", out _) ? "raised" : "error";
            var matches = kind == expectedKind && (kind == "error" || text == golden.GetProperty(kind).GetString());
            if (!matches) mismatches.Add($"{conversation} (add_generation_prompt={addGenerationPrompt}): expected {expectedKind}, got {kind}: {text}");
        }
        Assert.Empty(mismatches);
    }

    private static (string Kind, string Text) Outcome(Func<string> render)
    {
        try
        {
            return ("output", render());
        }
        catch (TemplateRaisedException e)
        {
            return ("raised", e.Message);
        }
        catch (TemplateRuntimeException e)
        {
            return ("error", e.Message);
        }
    }
}
