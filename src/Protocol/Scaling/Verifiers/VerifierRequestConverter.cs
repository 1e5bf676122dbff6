namespace Inference.Protocol;

/// <summary>Reads a verifier entry: a name, or an object as the type its "type" names.</summary>
public sealed class VerifierRequestConverter : DiscriminatedConverter<VerifierRequest>
{
    protected override string Discriminator => "type";

    protected override Type Choose(string? value, IReadOnlySet<string> fields) => VerifierRequest.Types.Canonical(value) switch
    {
        "reward_model" => typeof(RewardModelVerifierRequest),
        "reference_answer" => typeof(ReferenceAnswerVerifierRequest),
        "regex" => typeof(RegexVerifierRequest),
        "json_schema" => typeof(JsonSchemaVerifierRequest),
        "external" => typeof(ExternalVerifierRequest),
        _ => typeof(UnknownVerifierRequest),
    };

    protected override VerifierRequest FromString(string value) => new NamedVerifierRequest { Name = value };

    protected override string? AsString(VerifierRequest value) => value is NamedVerifierRequest named ? named.Name : null;
}
