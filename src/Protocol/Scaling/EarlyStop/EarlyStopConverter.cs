namespace Inference.Protocol;

/// <summary>Reads an early_stop object as the type its "rule" names.</summary>
public sealed class EarlyStopConverter : DiscriminatedConverter<EarlyStopRequest>
{
    protected override string Discriminator => "rule";

    protected override Type Choose(string? value, IReadOnlySet<string> fields) => EarlyStopRequest.Rules.Canonical(value) switch
    {
        "beta" => typeof(BetaEarlyStopRequest),
        "esc" => typeof(EscEarlyStopRequest),
        _ => typeof(UnknownEarlyStopRequest),
    };
}
