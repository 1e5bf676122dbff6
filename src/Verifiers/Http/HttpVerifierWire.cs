using System.Text.Json.Serialization;

namespace Inference.Verifiers;

/// <summary>What the HTTP verifier sends.</summary>
internal sealed record HttpVerifierRequest(string Prompt, string Response);

/// <summary>What the HTTP verifier reads back; every field is optional, but one of accept/score must be present.</summary>
internal sealed record HttpVerifierResponse(double? Score, bool? Accept, string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(HttpVerifierRequest))]
[JsonSerializable(typeof(HttpVerifierResponse))]
internal sealed partial class HttpVerifierJsonContext : JsonSerializerContext;
