using Inference.Server.Models;

namespace Inference.Server.Tests;

/// <summary>How --model entries become served models: a folder, id=folder, or a folder of model folders.</summary>
public sealed class ModelFolderSpecTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("server-models-").FullName;

    private string ModelFolder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "model.onnx"), "");
        return folder;
    }

    [Fact]
    public void A_folder_and_a_named_folder_are_one_model_each()
    {
        var a = ModelFolder("alpha");
        var b = ModelFolder("beta");
        var specs = ModelFolderSpec.Expand([a, $"custom={b}"]);
        Assert.Equal([new ModelFolderSpec("alpha", a), new ModelFolderSpec("custom", b)], specs);
    }

    [Fact]
    public void A_folder_of_model_folders_serves_each_of_them()
    {
        ModelFolder("one");
        ModelFolder("two");
        Directory.CreateDirectory(Path.Combine(root, "not-a-model"));
        Assert.Equal(["one", "two"], ModelFolderSpec.Expand([root]).Select(s => s.Id));
    }

    [Fact]
    public void Missing_folders_empty_folders_and_duplicate_ids_are_refused_with_the_reason()
    {
        Assert.Contains("does not exist", Assert.Throws<InvalidOperationException>(() => ModelFolderSpec.Expand([Path.Combine(root, "nope")])).Message);
        Assert.Contains("holds no model", Assert.Throws<InvalidOperationException>(() => ModelFolderSpec.Expand([root])).Message);
        var a = ModelFolder("same");
        Assert.Contains("Two model folders have the id 'same'", Assert.Throws<InvalidOperationException>(() => ModelFolderSpec.Expand([a, a])).Message);
    }

    [Fact]
    public void The_bundled_model_is_found_by_searching_upward()
    {
        var nested = Directory.CreateDirectory(Path.Combine(root, "repo", "src", "Server", "bin")).FullName;
        var bundled = Directory.CreateDirectory(Path.Combine(root, "repo", "models", "arith-lm")).FullName;
        File.WriteAllText(Path.Combine(bundled, "model.onnx"), "");
        Assert.Equal(bundled, BundledModels.Find(BundledModels.LanguageModel, nested));
        Assert.Null(BundledModels.Find(BundledModels.RewardModel, nested));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
