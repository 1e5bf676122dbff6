namespace Inference.Server.Models;

/// <summary>A model folder to serve and the id clients use for it.</summary>
public sealed record ModelFolderSpec(string Id, string Folder)
{
    private static readonly string[] DecoderFiles = ["model.onnx", "decoder_model_merged.onnx", "decoder_with_past_model.onnx", "genai_config.json"];

    /// <summary>
    /// Expands configured entries: "folder" or "id=folder"; a folder without a decoder whose sub-folders have one
    /// stands for all of them. With no entries, the bundled model, unless <paramref name="bundledWhenEmpty"/> is false
    /// (a server whose models are all served by backends loads none).
    /// </summary>
    public static IReadOnlyList<ModelFolderSpec> Expand(IReadOnlyList<string> entries, bool bundledWhenEmpty = true)
    {
        if (entries.Count == 0)
        {
            if (!bundledWhenEmpty) return [];
            var bundled = BundledModels.Find(BundledModels.LanguageModel)
                          ?? throw new InvalidOperationException(
                              $"No model folder is configured (--model <folder> or Models:Folders) and the bundled {BundledModels.LanguageModel} " +
                              "was not found above the application folder or the current directory.");
            return [new ModelFolderSpec(Path.GetFileName(bundled), bundled)];
        }
        var specs = new List<ModelFolderSpec>();
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=');
            var id = eq > 0 ? entry[..eq].Trim() : null;
            var given = eq > 0 ? entry[(eq + 1)..].Trim() : entry.Trim();
            var folder = BundledModels.Locate(given)
                         ?? throw new InvalidOperationException($"The model folder '{given}' does not exist (looked in the current directory, the application folder and their parents).");
            if (IsModelFolder(folder))
            {
                specs.Add(new ModelFolderSpec(id ?? Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)), folder));
                continue;
            }
            var children = Directory.GetDirectories(folder).Where(IsModelFolder).Order(StringComparer.Ordinal).ToList();
            if (children.Count == 0) throw new InvalidOperationException($"'{folder}' holds no model (no model.onnx or genai_config.json in it or its sub-folders).");
            specs.AddRange(children.Select(c => new ModelFolderSpec(Path.GetFileName(c), c)));
        }
        var duplicate = specs.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two model folders have the id '{duplicate.Key}'; name them with id=folder.");
        return specs;
    }

    private static bool IsModelFolder(string folder) => DecoderFiles.Any(f => File.Exists(Path.Combine(folder, f)));
}
