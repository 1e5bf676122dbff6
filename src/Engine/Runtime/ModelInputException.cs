namespace Inference.Engine.Runtime;

/// <summary>An input or output given to a session does not match the model (name, element type or shape).</summary>
public sealed class ModelInputException(string? name, string message) : ArgumentException(message)
{
    /// <summary>The input or output the problem is about, when there is one.</summary>
    public string? ValueName { get; } = name;
}
