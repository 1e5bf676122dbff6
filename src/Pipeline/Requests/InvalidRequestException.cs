namespace Inference.Pipeline.Requests;

/// <summary>A request asks for something invalid; <see cref="Parameter"/> is the field's wire name (e.g.
/// "test_time_scaling.alpha"), <see cref="Code"/> an OpenAI error code when one applies (context_length_exceeded).</summary>
public sealed class InvalidRequestException(string parameter, string message, string? code = null) : ArgumentException(message, parameter)
{
    public string Parameter { get; } = parameter;

    public string? Code { get; } = code;
}
