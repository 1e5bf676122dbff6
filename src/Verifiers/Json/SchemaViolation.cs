namespace Inference.Verifiers;

/// <summary>One way an instance fails a schema: where (a <c>$.a[0].b</c> path) and why.</summary>
public sealed record SchemaViolation(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
