using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Packages;
using Inference.Engine.Templates;
using Inference.Engine.Tests.Tokenization;
using Inference.Engine.Tokenization;

namespace Inference.Engine.Tests.Templates;

/// <summary>One rule chooses a folder's chat template (<see cref="ChatTemplateSource"/>), here checked once per source:
/// tokenizer_config.json's string, its named templates, a chat_template.jinja file, a model-builder (genai_config)
/// folder, and none. Each case builds its folder from the gpt2 tokenizer fixture (which has no template).</summary>
public sealed class ChatTemplateSourceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("template-source-").FullName;

    public ChatTemplateSourceTests()
    {
        foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json" })
            File.Copy(Path.Combine(TokenizerFixtures.Directory("gpt2"), file), Path.Combine(directory, file));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private void SetConfigTemplate(JsonNode value)
    {
        var path = Path.Combine(directory, "tokenizer_config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["chat_template"] = value;
        File.WriteAllText(path, config.ToJsonString());
    }

    private ChatTemplateSource? Find() => ChatTemplateSource.Find(directory, Tokenizer.FromDirectory(directory).Config);

    [Fact]
    public void None_when_no_file_names_a_template()
    {
        Assert.Null(Find());
    }

    [Fact]
    public void The_tokenizer_config_string()
    {
        SetConfigTemplate("{{ messages[0]['content'] }}!");
        Assert.Equal(new ChatTemplateSource("tokenizer_config.json chat_template", "{{ messages[0]['content'] }}!"), Find());
    }

    [Fact]
    public void The_default_of_named_templates_and_none_without_a_default()
    {
        SetConfigTemplate(JsonNode.Parse("""[{"name":"tool_use","template":"T"},{"name":"default","template":"D"}]""")!);
        Assert.Equal(new ChatTemplateSource("tokenizer_config.json chat_template \"default\"", "D"), Find());
        SetConfigTemplate(JsonNode.Parse("""[{"name":"tool_use","template":"T"}]""")!);
        Assert.Null(Find());
    }

    [Fact]
    public void A_chat_template_jinja_file_wins_over_the_config()
    {
        SetConfigTemplate("config");
        File.WriteAllText(Path.Combine(directory, ChatTemplateSource.TemplateFile), "{{ messages[0]['content'] }}");
        Assert.Equal(new ChatTemplateSource("chat_template.jinja", "{{ messages[0]['content'] }}"), Find());
    }

    [Theory]
    [InlineData("tiny-llama/fp32")]
    [InlineData("gqa-fp32")]
    [InlineData("tiny-random-gpt2-fp32")]
    public void A_model_builder_folder_takes_the_template_its_tokenizer_files_ship(string fixture)
    {
        // genai_config.json names no template; what the loaded package renders with is tokenizer_config.json's, read here
        // independently, or none.
        var folder = Path.Combine(AppContext.BaseDirectory, "fixtures", fixture);
        Assert.True(File.Exists(Path.Combine(folder, "genai_config.json")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")));
        var expected = config.RootElement.TryGetProperty("chat_template", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        using var package = ModelPackage.Load(folder);
        Assert.Equal(expected is not null, package.Descriptor.HasChatTemplate);
        Assert.Equal(expected, package.ChatTemplate?.Source);
    }
}
