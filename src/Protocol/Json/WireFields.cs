namespace Inference.Protocol;

/// <summary>The field names a wire type accepts, from its source-generated metadata (so the list cannot drift from the
/// type); the field that names the type (type, rule, format) first.</summary>
public static class WireFields
{
    private static readonly string[] Discriminators = ["type", "rule", "format"];

    public static IReadOnlyList<string> Of(Type type) =>
        ProtocolJsonContext.Default.GetTypeInfo(type)?.Properties.Where(p => !p.IsExtensionData).Select(p => p.Name)
            .OrderBy(name => Discriminators.Contains(name) ? 0 : 1).ToArray()
        ?? throw new ArgumentException($"{type.Name} is not a wire type.", nameof(type));
}
