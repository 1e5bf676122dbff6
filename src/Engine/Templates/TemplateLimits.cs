namespace Inference.Engine.Templates;

/// <summary>Sandbox bounds for one render. Defaults are far above what real chat templates need.</summary>
public sealed record TemplateLimits
{
    public static readonly TemplateLimits Default = new();

    /// <summary>Total loop-body executions across all loops in one render.</summary>
    public int MaxLoopIterations { get; init; } = 1_000_000;

    /// <summary>Maximum rendered length in UTF-16 chars (also bounds intermediate strings built by ~, + and *).</summary>
    public int MaxOutputChars { get; init; } = 16 * 1024 * 1024;

    /// <summary>Maximum nesting of macro calls and recursive loops.</summary>
    public int MaxCallDepth { get; init; } = 64;
}
