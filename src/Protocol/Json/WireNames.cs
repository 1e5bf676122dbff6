namespace Inference.Protocol;

/// <summary>A family of names a field accepts (schedule types, early-stop rules, verifier types): each canonical name
/// with its aliases, matched case-insensitively after trimming.</summary>
public sealed class WireNames(params (string Name, string[] Aliases)[] names)
{
    private readonly Dictionary<string, string> canonical = names
        .SelectMany(n => n.Aliases.Append(n.Name).Select(alias => (alias, n.Name)))
        .ToDictionary(p => p.alias, p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical names, in declaration order.</summary>
    public IReadOnlyList<string> Names { get; } = names.Select(n => n.Name).ToArray();

    /// <summary>The canonical name of <paramref name="value"/>, or null when it names nothing here.</summary>
    public string? Canonical(string? value) => value is not null && canonical.TryGetValue(value.Trim(), out var name) ? name : null;

    /// <summary>"a, b, c" for messages.</summary>
    public override string ToString() => string.Join(", ", Names);
}
