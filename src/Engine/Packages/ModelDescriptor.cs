using Inference.Engine.Runtime;

namespace Inference.Engine.Packages;

/// <summary>What was found in a model folder; shown at /v1/models and in logs.</summary>
public sealed record ModelDescriptor(
    string Id,
    string Directory,
    string? ModelType,
    string DecoderFile,
    int ContextLength,
    int VocabSize,
    int TokenizerVocabSize,
    IReadOnlyList<int> EosTokenIds,
    int? BosTokenId,
    int PadTokenId,
    bool HasChatTemplate,
    ExecutionPlacement Placement,
    IReadOnlyList<string> Warnings,
    DecoderInterface Interface)
{
    /// <summary>"cpu" or "cuda": the device actually in use.</summary>
    public string Device => Placement.Device.IsCuda ? "cuda" : "cpu";

    /// <summary>ONNX Runtime's names of the providers in use, CPU last.</summary>
    public IReadOnlyList<string> ExecutionProviders => Placement.Providers;
}
