namespace Inference.Protocol;

/// <summary>The function a call names and its arguments as a JSON text (OpenAI's wire form).</summary>
public sealed class FunctionCallDto
{
    public string? Name { get; set; }

    public string? Arguments { get; set; }
}
