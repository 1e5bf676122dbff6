using Inference.Engine.Templates;
using Inference.Verifiers;

namespace Inference.Pipeline.Tests;

/// <summary>A reward model's folder chooses its chat template by the same rule as a served model
/// (<see cref="ChatTemplateSource"/>): tokenizer_config.json's template, overridden by a chat_template.jinja file; with
/// neither, the text scored is the prompt followed by the response.</summary>
public sealed class RewardModelTemplateTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reward-template-").FullName;

    public RewardModelTemplateTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(BundledModels.RepositoryRoot, "models", "arith-reward")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheBundledRewardModelRendersItsTokenizerConfigTemplate()
    {
        using var model = RewardModel.Load(folder, 1);
        Assert.Equal("<|im_start|>user\n2+2=<|im_end|>\n<|im_start|>assistant\n4", model.FormatText("2+2=", "4"));
    }

    [Fact]
    public void WithoutATemplateThePromptIsFollowedByTheResponse()
    {
        var path = Path.Combine(folder, "tokenizer_config.json");
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config.Remove("chat_template");
        File.WriteAllText(path, config.ToJsonString());
        using var model = RewardModel.Load(folder, 1);
        Assert.Null(model.ChatTemplate);
        Assert.Equal("2+2=4", model.FormatText("2+2=", "4"));
    }

    [Fact]
    public void AChatTemplateJinjaFileIsRenderedAroundThePrompt()
    {
        File.WriteAllText(Path.Combine(folder, ChatTemplateSource.TemplateFile), "<q>{{ messages[0]['content'] }}</q>");
        using var model = RewardModel.Load(folder, 1);
        Assert.Equal("<q>2+2=</q>4", model.FormatText("2+2=", "4"));
    }
}
