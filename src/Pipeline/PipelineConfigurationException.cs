namespace Inference.Pipeline;

/// <summary>A test-time-scaling request asks for something that cannot be done; <see cref="Parameter"/> names the field.</summary>
public sealed class PipelineConfigurationException(string parameter, string message) : ArgumentException(message, parameter)
{
    public string Parameter { get; } = parameter;
}
