namespace Inference.Selection;

/// <summary>No strategy is registered under the requested name.</summary>
public sealed class UnknownStrategyException(string name, IEnumerable<string> known)
    : SelectionException($"Unknown selection strategy '{name}'. Known: {string.Join(", ", known)}.")
{
    public string Name { get; } = name;
}
