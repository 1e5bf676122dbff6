namespace Inference.Server.Protocol;

/// <summary>A served model (object "model") with its descriptor as extensions.</summary>
public sealed record ModelCard
{
    public required string Id { get; init; }
    public string Object { get; init; } = "model";
    public required long Created { get; init; }
    public string OwnedBy { get; init; } = "inference";
    public required int ContextLength { get; init; }
    public required int MaxModelLen { get; init; }
    public required int VocabSize { get; init; }
    public string? ModelType { get; init; }
    public required string Device { get; init; }
    public required IReadOnlyList<string> ExecutionProviders { get; init; }
    public required bool HasChatTemplate { get; init; }
    public required bool Ready { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
    public TestTimeScalingDefaultsCard? TestTimeScaling { get; init; }

    /// <summary>The verifiers a request for this model may list in test_time_scaling.verifiers: reward_model (only
    /// when a reward model is loaded; the reward-ranked strategies need it too), reference_answer, regex and
    /// json_schema (defined in the request), and each configured external verifier by name.</summary>
    public IReadOnlyList<VerifierCard> Verifiers { get; init; } = [];
}

/// <summary>A verifier available to requests: its type, and the name to use for named ones (reward_model,
/// reference_answer, external verifiers); regex and json_schema are defined in the request and have none.</summary>
public sealed record VerifierCard(string Type, string? Name);

/// <summary>The server-side selection defaults of a model, when configured.</summary>
public sealed record TestTimeScalingDefaultsCard(string? Strategy, int? Samples, double? Alpha, string? Answer, bool AppliesToAllRequests);
