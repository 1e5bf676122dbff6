namespace Inference.Selection;

/// <summary>
/// Verifier-based selection: keep the candidates that pass verification, then apply the inner strategy
/// (<see cref="SelectionOptions.InnerStrategy"/>) to them. A candidate passes when every considered verdict
/// (<see cref="SelectionOptions.Verifiers"/>, or all verdicts it carries) is Accepted, or Scored at or above
/// <see cref="SelectionOptions.ScoreAcceptThreshold"/>, or Unverified/missing while
/// <see cref="SelectionOptions.UnverifiedPasses"/> is set; a candidate with no verdict at all does not pass.
/// Fallback when none pass: the inner strategy runs on all candidates and the explanation's Fallback says so.
/// </summary>
public sealed class VerifierStrategy(Func<string, ISelectionStrategy> resolve) : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.Verifier;

    public SelectionNeeds Needs(SelectionOptions options) => SelectionNeeds.Verdicts | resolve(options.InnerStrategy).Needs(options);

    public SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options.Validate();
        if (string.Equals(options.InnerStrategy, Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidSelectionOptionsException("The verifier strategy cannot use itself as its inner strategy.");
        }

        var inner = resolve(options.InnerStrategy);
        var passed = candidates.Where(c => Passes(c, options)).ToList();
        var fallback = passed.Count == 0 && candidates.Count > 0
            ? $"no candidate passed verification; {inner.Name} applied to all {candidates.Count} candidates"
            : null;
        var result = inner.Select(passed.Count == 0 ? candidates : passed, options);
        var explanation = result.Explanation;
        return result with
        {
            Explanation = explanation with
            {
                Strategy = Name,
                RankedBy = $"passed verification, then {inner.Name}: {explanation.RankedBy}",
                PoolSize = candidates.Count,
                Unanswered = candidates.Count(c => c.Answer is null),
                Passed = passed.Select(c => c.Index).ToList(),
                Fallback = fallback is null ? explanation.Fallback : string.Join("; ", new[] { fallback, explanation.Fallback }.OfType<string>()),
                Inner = explanation,
            },
        };
    }

    /// <summary>Whether a candidate passes verification under the options.</summary>
    public static bool Passes(Candidate candidate, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var names = options.Verifiers ?? candidate.Verdicts.Keys.ToList();
        if (names.Count == 0)
        {
            return false;
        }

        foreach (var name in names)
        {
            var verdict = candidate.Verdicts.GetValueOrDefault(name);
            var ok = verdict?.Status switch
            {
                VerdictStatus.Accepted => true,
                VerdictStatus.Scored => options.ScoreAcceptThreshold is { } t && verdict.Score >= t,
                VerdictStatus.Rejected => false,
                _ => options.UnverifiedPasses,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
