namespace Inference.Fuzz.Generation;

/// <summary>
/// One generated request: route, method, headers and the exact body bytes, with the seed body it came from and the
/// mutations applied (to read a failure and to reproduce it: the same seed and index give the same case).
/// </summary>
public sealed record FuzzCase(
    long Index,
    string Method,
    string Path,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string Seed,
    IReadOnlyList<string> Mutations)
{
    /// <summary>The route as the report groups it (no query, no trailing junk).</summary>
    public string Route => Path.Split('?', 2)[0];

    public override string ToString() =>
        $"#{Index} {Method} {Path} [{Seed}; {(Mutations.Count == 0 ? "unmutated" : string.Join(", ", Mutations))}] content-type {ContentType ?? "(none)"}, {Body.Length} bytes";
}
