namespace Inference.Server.Options;

/// <summary>Optional Bearer keys (section "Auth"). None configured: the API is open.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public List<string> ApiKeys { get; set; } = [];
}
