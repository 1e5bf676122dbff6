namespace Inference.Protocol;

/// <summary>A function call: in an assistant message (request history or response) or, with <see cref="Index"/>, in a
/// streamed delta, where the first delta of a call carries id, type and name and later ones append to the arguments.</summary>
public sealed class ToolCallDto
{
    /// <summary>Which call of the message a streamed delta continues (streaming only).</summary>
    public int? Index { get; set; }

    public string? Id { get; set; }

    public string? Type { get; set; }

    public FunctionCallDto? Function { get; set; }
}
