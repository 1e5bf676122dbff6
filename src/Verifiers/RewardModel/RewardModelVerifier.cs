using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Scores every candidate with a <see cref="RewardModel"/> in one batched pass. Without a threshold each verdict is
/// <see cref="VerdictStatus.Scored"/>; with one, candidates at or above it are accepted and the rest rejected
/// (the score is kept either way, so reward-based strategies can use it). When the model's scores are logits
/// (<see cref="RewardModel.ScoreKind"/>), verdicts carry the probability sigmoid(logit), and the threshold is a
/// probability too; the reason keeps the logit. Ranking is unchanged (sigmoid is monotone); sums are not.
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
        return scores.Select(ToVerdict).ToArray();
    }

    private Verdict ToVerdict(float raw)
    {
        double score = model.ScoreKind == RewardScoreKind.Logit ? 1 / (1 + Math.Exp(-(double)raw)) : raw;
        var what = model.ScoreKind == RewardScoreKind.Logit ? $"P(correct) {score:F3} (logit {raw:F3})" : $"reward {raw:F3}";
        return acceptThreshold switch
        {
            null => Verdict.Scored(score, $"reward model: {what}"),
            var t when score >= t => Verdict.Accept($"{what} >= {t}", score),
            var t => Verdict.Reject($"{what} < {t}", score),
        };
    }
}
