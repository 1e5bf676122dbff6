namespace Inference.Selection;

/// <summary>What the stopper decided after a wave.</summary>
/// <param name="Stop">Whether to stop sampling.</param>
/// <param name="Rule">The rule that fired ("beta", "window", "budget"), or null while sampling continues.</param>
/// <param name="Reason">What was measured.</param>
/// <param name="SamplesUsed">Samples drawn so far.</param>
/// <param name="NextWaveSize">Samples to draw next (0 when stopping).</param>
public sealed record StopDecision(bool Stop, string? Rule, string Reason, int SamplesUsed, int NextWaveSize);
