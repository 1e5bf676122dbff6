namespace Inference.Pipeline;

/// <summary>A verifier a request asks for. External services are named, never given by URL in a request.</summary>
public abstract record VerifierSpec
{
    /// <summary>The name verdicts are recorded under.</summary>
    public abstract string Name { get; }
}

/// <summary>The configured reward model; with a threshold it also accepts/rejects.</summary>
public sealed record RewardModelVerifierSpec(double? AcceptThreshold = null) : VerifierSpec
{
    public override string Name => "reward_model";
}

/// <summary>Compares the extracted answer with the request's reference answer.</summary>
public sealed record ReferenceAnswerVerifierSpec : VerifierSpec
{
    public override string Name => "reference_answer";
}

/// <summary>Must-match / must-not-match regular expressions over the response.</summary>
public sealed record RegexVerifierSpec(IReadOnlyList<string> MustMatch, IReadOnlyList<string> MustNotMatch) : VerifierSpec
{
    public override string Name => "regex";
}

/// <summary>The response must be JSON satisfying a JSON Schema (subset).</summary>
public sealed record JsonSchemaVerifierSpec(string Schema) : VerifierSpec
{
    public override string Name => "json_schema";
}

/// <summary>A verifier registered in the <see cref="VerifierCatalog"/> under this name (e.g. an external HTTP service).</summary>
public sealed record NamedVerifierSpec(string VerifierName) : VerifierSpec
{
    public override string Name => VerifierName;
}
