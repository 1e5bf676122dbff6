using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Scores every candidate with a <see cref="RewardModel"/> in one batched pass. Without a threshold each verdict is
/// <see cref="VerdictStatus.Scored"/>; with one, candidates at or above it are accepted and the rest rejected
/// (the score is kept either way, so reward-based strategies can use it).
/// </summary>
public sealed class RewardModelVerifier(RewardModel model, string name = RewardModelVerifier.DefaultName, double? acceptThreshold = null) : IVerifier
{
    public const string DefaultName = "reward_model";

    public string Name { get; } = name;

    public async Task<IReadOnlyList<Verdict>> VerifyAsync(VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0) return [];
        var texts = candidates.Select(c => model.FormatText(request.Prompt, c.Text, request.RenderedPrompt)).ToArray();
        // The model run is synchronous native work: keep it off the caller's thread.
        var scores = await Task.Run(() => model.Score(texts, cancellationToken), cancellationToken).ConfigureAwait(false);
        return scores.Select(s => (double)s switch
        {
            var score when acceptThreshold is null => Verdict.Scored(score, "reward model score"),
            var score when score >= acceptThreshold => Verdict.Accept($"reward {score:F3} >= {acceptThreshold}", score),
            var score => Verdict.Reject($"reward {score:F3} < {acceptThreshold}", score),
        }).ToArray();
    }
}
