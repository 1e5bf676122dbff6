using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>OpenAI's error body: {"error": {"message", "type", "param", "code"}}.</summary>
public sealed record ErrorResponse(ErrorBody Error);

public sealed record ErrorBody(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
