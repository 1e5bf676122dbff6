using Inference.Server.Models;

namespace Inference.Server.Tests;

/// <summary>
/// The model the server tests run against. Until the bundled models/arith-lm exists this is the tiny random-weight
/// Llama fixture (ChatML char tokenizer, vocab 99, context 128); switching is the one line marked below. Tests ask
/// the server (/tokenize) for token ids instead of hard-coding them, so they hold for either model.
/// </summary>
public static class TestModels
{
    public const string Id = "tiny";

    // Fixture: public static string LanguageModel { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-llama", "fp32");
    public static string LanguageModel { get; } = BundledModels.Find(BundledModels.LanguageModel) ?? throw new DirectoryNotFoundException(BundledModels.LanguageModel);
}
