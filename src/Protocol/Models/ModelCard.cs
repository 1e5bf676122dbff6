namespace Inference.Protocol;

/// <summary>A served model (object "model") with its descriptor as extensions. An alias (a configured one, or
/// "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;") has the card of the model it stands for, its own id, <see cref="AliasOf"/> and the
/// selection it implies in <see cref="TestTimeScaling"/>.</summary>
public sealed record ModelCard
{
    public required string Id { get; init; }
    public string Object { get; init; } = "model";
    public required long Created { get; init; }
    public string OwnedBy { get; init; } = "inference";
    /// <summary>The context length; for a model served by backends only, the shortest one its serving endpoints list
    /// (0 when none lists one).</summary>
    public required int ContextLength { get; init; }

    public required int MaxModelLen { get; init; }
    public required int VocabSize { get; init; }
    public string? ModelType { get; init; }
    /// <summary>The device the model runs on: "cpu" or "cuda".</summary>
    public required string Device { get; init; }
    /// <summary>Why the model runs on CPU although Models:Device asked for another device (ONNX Runtime's reason); absent otherwise.</summary>
    public string? DeviceFallback { get; init; }
    public required IReadOnlyList<string> ExecutionProviders { get; init; }
    public required bool HasChatTemplate { get; init; }
    public required bool Ready { get; init; }

    /// <summary>The reward model that scores this model's samples (its folder name); null when the model has none,
    /// and then the reward-ranked strategies are refused for it.</summary>
    public string? RewardModel { get; init; }

    /// <summary>For an alias: the id of the served model it stands for.</summary>
    public string? AliasOf { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }
    public TestTimeScalingDefaultsCard? TestTimeScaling { get; init; }

    /// <summary>The verifiers a request for this model may list in test_time_scaling.verifiers: reward_model (only
    /// when this model has a reward model; the reward-ranked strategies need it too), reference_answer, regex and
    /// json_schema (defined in the request), and each configured external verifier by name.</summary>
    public IReadOnlyList<VerifierCard> Verifiers { get; init; } = [];

    /// <summary>On a gateway (its samples and plain requests go to backends): each backend endpoint of the model and
    /// whether it serves it now; the model is ready only while one does. Absent for a model served here.</summary>
    public IReadOnlyList<BackendModelCard>? Backends { get; init; }
}

/// <summary>A verifier available to requests: its type, and the name to use for named ones (reward_model,
/// reference_answer, external verifiers); regex and json_schema are defined in the request and have none.</summary>
public sealed record VerifierCard(string Type, string? Name);

/// <summary>The server-side selection of a model (its configured defaults) or of an alias (always applied).</summary>
public sealed record TestTimeScalingDefaultsCard(string? Strategy, int? Samples, double? Alpha, string? Answer, bool AppliesToAllRequests);

/// <summary>On a gateway: one backend endpoint of the model, the name it is asked for there, whether its own
/// /v1/models lists that name now, and why it could not be asked when it could not.</summary>
public sealed record BackendModelCard(string Source, string Model, bool Serves, string? Error)
{
    /// <summary>The context length the endpoint lists for the model (this server's context_length, vLLM's
    /// max_model_len), when it lists one.</summary>
    public int? ContextLength { get; init; }
}
