namespace Inference.Protocol;

/// <summary>{"type": "external", "name": "..."}: a verifier service configured on the server under Verifiers:Http.</summary>
public sealed class ExternalVerifierRequest : VerifierRequest
{
    public ExternalVerifierRequest() => Type = "external";

    public string? Name { get; set; }
}
