namespace Inference.Selection;

/// <summary>The chosen candidates (best first; at most K, with distinct answers) and the explanation.</summary>
public sealed record SelectionResult(IReadOnlyList<Candidate> Chosen, SelectionExplanation Explanation)
{
    public Candidate? Best => Chosen.Count > 0 ? Chosen[0] : null;
}
