using Inference.Eval.Data;
using Inference.Eval.Metrics;
using Inference.Verifiers;

namespace Inference.Eval.Sampling;

/// <summary>
/// Scores (or re-scores) an existing pool with a reward model through the pipeline's verification stage (a
/// <see cref="VerifierRunner"/> with the <see cref="RewardModelVerifier"/>), so a pool drawn before the reward model
/// existed, or scored by an older one, gets the rewards the pipeline would give. The reward model renders the prompt
/// with its own chat template (the LM's, for the bundled pair).
/// </summary>
public sealed class PoolScorer(RewardModel model)
{
    public async Task<IReadOnlyList<PoolProblem>> ScoreAsync(IReadOnlyList<PoolProblem> pool, IProgress<int>? problemsDone, CancellationToken ct)
    {
        var runner = new VerifierRunner([new RewardModelVerifier(model)], RewardModelVerifier.DefaultName);
        var scored = new List<PoolProblem>(pool.Count);
        foreach (var problem in pool)
        {
            var candidates = ProblemEvaluator.Candidates(problem with { Samples = problem.Samples.Select(s => s with { Reward = null }).ToList() });
            var outcome = await runner.RunAsync(new VerificationRequest(problem.Prompt), candidates, ct).ConfigureAwait(false);
            if (outcome.Candidates.Any(c => c.Reward is null))
                throw new InvalidEvalInputException($"The reward model left samples of problem {problem.Id} unscored: " +
                                                    string.Join("; ", outcome.Candidates.SelectMany(c => c.Verdicts.Values).Select(v => v.Reason).Distinct().Take(3)));
            scored.Add(problem with { Samples = problem.Samples.Select((s, i) => s with { Reward = outcome.Candidates[i].Reward }).ToList() });
            problemsDone?.Report(1);
        }
        return scored;
    }
}
