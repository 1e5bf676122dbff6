namespace Inference.Verifiers;

/// <summary>One way an instance fails a schema: where (a JSON Pointer into the instance, "" for the whole of it), which
/// keyword and why.</summary>
public sealed record SchemaViolation(string Path, string Keyword, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "(root)" : Path)}: {Message}";
}
