namespace Inference.Protocol;

/// <summary>{"type": "regex", "must_match": [...], "must_not_match": [...]}: .NET regular expressions over the sample.</summary>
public sealed class RegexVerifierRequest : VerifierRequest
{
    public RegexVerifierRequest() => Type = "regex";

    public List<string>? MustMatch { get; set; }

    public List<string>? MustNotMatch { get; set; }
}
