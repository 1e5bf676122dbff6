namespace Inference.Selection;

/// <summary>
/// Early-Stopping Self-Consistency: stop when the last <see cref="Window"/> answers are all present and equivalent.
/// With waves of size w this is ESC's "first window whose answers are all identical"; with other wave sizes it checks
/// the most recent w answers.
/// </summary>
public sealed class WindowStoppingRule : IStoppingRule
{
    public const int DefaultWindow = 5;

    public WindowStoppingRule(int window = DefaultWindow, double relativeTolerance = AnswerKey.DefaultRelativeTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        Window = window;
        RelativeTolerance = relativeTolerance;
    }

    public string Name => "window";

    public int Window { get; }

    public double RelativeTolerance { get; }

    public StopCheck Check(IReadOnlyList<AnswerKey?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count < Window)
        {
            return new StopCheck(false, $"{answers.Count} of {Window} window answers");
        }

        var window = answers.Skip(answers.Count - Window).ToList();
        var first = window[0];
        var unanimous = first is not null && window.All(a => a is not null && first.IsEquivalentTo(a, RelativeTolerance));
        return new StopCheck(
            unanimous,
            unanimous ? $"last {Window} answers all '{first}'" : $"last {Window} answers disagree or lack an answer");
    }
}
