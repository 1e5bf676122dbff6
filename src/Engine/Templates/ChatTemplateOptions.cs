namespace Inference.Engine.Templates;

/// <summary>Environment of a parsed template: sandbox limits, the clock behind <c>strftime_now</c>, and the
/// whitespace settings (transformers always uses trim_blocks and lstrip_blocks).</summary>
public sealed record ChatTemplateOptions
{
    public static readonly ChatTemplateOptions Default = new();

    public TemplateLimits Limits { get; init; } = TemplateLimits.Default;
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public bool TrimBlocks { get; init; } = true;
    public bool LStripBlocks { get; init; } = true;
}
