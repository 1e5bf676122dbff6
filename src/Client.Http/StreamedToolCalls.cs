using Inference.Protocol;

namespace Inference.Client;

/// <summary>Tool calls assembled from streamed deltas: per choice and call index, the first fragment's id and name, then
/// the arguments' text appended in order.</summary>
internal sealed class StreamedToolCalls
{
    private readonly Dictionary<int, SortedDictionary<int, ToolCallDto>> byChoice = [];

    public void Add(int choice, IReadOnlyList<ToolCallDto> parts)
    {
        if (!byChoice.TryGetValue(choice, out var calls)) byChoice[choice] = calls = [];
        foreach (var part in parts)
        {
            var index = part.Index ?? 0;
            if (!calls.TryGetValue(index, out var call))
                calls[index] = call = new ToolCallDto { Index = index, Type = "function", Function = new FunctionCallDto { Arguments = "" } };
            call.Id ??= part.Id;
            call.Function!.Name ??= part.Function?.Name;
            call.Function.Arguments += part.Function?.Arguments ?? "";
        }
    }

    /// <summary>The choice's complete calls, forgotten here once taken.</summary>
    public IReadOnlyList<ToolCallDto> Take(int choice) => byChoice.Remove(choice, out var calls) ? calls.Values.ToList() : [];
}
