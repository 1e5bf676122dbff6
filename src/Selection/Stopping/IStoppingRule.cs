namespace Inference.Selection;

/// <summary>A rule that looks at the answers sampled so far (in sampling order; null = no answer) and says whether to stop.</summary>
public interface IStoppingRule
{
    string Name { get; }

    StopCheck Check(IReadOnlyList<AnswerKey?> answers);
}

/// <summary>A stopping rule's verdict and what it measured.</summary>
public sealed record StopCheck(bool Stop, string Detail);
