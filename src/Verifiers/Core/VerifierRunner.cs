using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Runs a set of verifiers over a batch of candidates — the verifiers concurrently with each other, each bounding its
/// own per-candidate parallelism — and records each verdict on the candidate under the verifier's name. A verifier
/// that throws or misbehaves yields unverified verdicts; the request proceeds. When <c>rewardFrom</c> names a
/// verifier, its score becomes <see cref="Candidate.Reward"/> (left null where that verifier gave no score, so a
/// reward-based strategy then reports a <see cref="MissingSignalException"/> rather than guessing).
/// </summary>
public sealed class VerifierRunner
{
    private readonly IReadOnlyList<IVerifier> _verifiers;
    private readonly string? _rewardFrom;
    private readonly TimeProvider _timeProvider;

    public VerifierRunner(IReadOnlyList<IVerifier> verifiers, string? rewardFrom = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var duplicate = verifiers.GroupBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidVerifierConfigurationException($"Two verifiers are named '{duplicate.Key}'; verdicts are keyed by name.");
        }

        if (rewardFrom is not null && verifiers.All(v => v.Name != rewardFrom))
        {
            throw new InvalidVerifierConfigurationException(
                $"rewardFrom names '{rewardFrom}', which is not among the verifiers ({string.Join(", ", verifiers.Select(v => v.Name))}).");
        }

        _verifiers = verifiers;
        _rewardFrom = rewardFrom;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<VerificationOutcome> RunAsync(
        VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);
        var runs = await Task.WhenAll(_verifiers.Select(v => RunOneAsync(v, request, candidates, cancellationToken))).ConfigureAwait(false);

        var enriched = candidates.ToArray();
        foreach (var (verifier, verdicts, _) in runs)
        {
            for (var i = 0; i < enriched.Length; i++)
            {
                enriched[i] = enriched[i].WithVerdict(verifier.Name, verdicts[i]);
                if (verifier.Name == _rewardFrom && verdicts[i].Score is { } score && double.IsFinite(score))
                {
                    enriched[i] = enriched[i].WithReward(score);
                }
            }
        }

        return new VerificationOutcome(enriched, runs.Select(r => r.Run).ToList());
    }

    private async Task<(IVerifier Verifier, IReadOnlyList<Verdict> Verdicts, VerifierRun Run)> RunOneAsync(
        IVerifier verifier, VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var verdicts = await VerifierGuard.VerifySafelyAsync(verifier, request, candidates, cancellationToken).ConfigureAwait(false);
        var run = new VerifierRun(
            verifier.Name,
            _timeProvider.GetElapsedTime(started),
            verdicts.Count(v => v.Status == VerdictStatus.Accepted),
            verdicts.Count(v => v.Status == VerdictStatus.Rejected),
            verdicts.Count(v => v.Status == VerdictStatus.Scored),
            verdicts.Count(v => v.Status == VerdictStatus.Unverified));
        return (verifier, verdicts, run);
    }
}
