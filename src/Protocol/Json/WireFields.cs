namespace Inference.Protocol;

/// <summary>The field names a wire type accepts, from its source-generated metadata (so the list cannot drift from the type).</summary>
public static class WireFields
{
    public static IReadOnlyList<string> Of(Type type) =>
        ProtocolJsonContext.Default.GetTypeInfo(type)?.Properties.Where(p => !p.IsExtensionData).Select(p => p.Name).ToArray()
        ?? throw new ArgumentException($"{type.Name} is not a wire type.", nameof(type));
}
