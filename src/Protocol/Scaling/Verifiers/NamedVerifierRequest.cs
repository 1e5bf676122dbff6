using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>The string form: "reward_model", "reference_answer" or the name of a configured external verifier.</summary>
public sealed class NamedVerifierRequest : VerifierRequest
{
    [JsonIgnore]
    public string Name { get; set; } = "";
}
