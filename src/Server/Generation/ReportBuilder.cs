using Inference.Pipeline;
using Inference.Pipeline.Sources;
using Inference.Selection;
using Inference.Protocol;
using Inference.Pipeline.Requests;

namespace Inference.Server.Generation;

/// <summary>PipelineResult -> the test_time_scaling object of a response.</summary>
public static class ReportBuilder
{
    public static TestTimeScalingReport Build(PipelineResult result, ResolvedRequest request, int firstChoiceIndex)
    {
        var explanation = result.Selection.Explanation;
        var chosen = result.Selection.Chosen;
        var chosenIndexes = chosen.Select(c => c.Index).ToHashSet();
        return new TestTimeScalingReport
        {
            Strategy = explanation.Strategy,
            RankedBy = explanation.RankedBy,
            SamplesRequested = request.Scaling!.Samples,
            SamplesUsed = result.Cost.Samples,
            Waves = result.Cost.Waves,
            K = request.Scaling.K,
            Unanswered = explanation.Unanswered,
            Threshold = explanation.Threshold,
            TieBreak = explanation.TieBreak,
            Fallback = result.Fallback ?? explanation.Fallback,
            Answers = explanation.Answers.Select(a => new AnswerReport(a.Answer, a.Votes, a.Frequency, Finite(a.Score), a.BestCandidateIndex, a.Kept,
                chosenIndexes.Contains(a.BestCandidateIndex))).ToList(),
            Chosen = chosen.Select((c, i) => new ChosenReport(firstChoiceIndex + i, c.Index, c.Answer?.Raw)).ToList(),
            Verifiers = result.VerifierRuns.Select(r => new VerifierReport(r.Verifier, r.Accepted, r.Rejected, r.Scored, r.Unverified,
                r.Elapsed.TotalMilliseconds) { UnverifiedReasons = r.Unverified > 0 ? UnverifiedReasons(result.Candidates, r.Verifier) : null }).ToList(),
            EarlyStop = result.EarlyStop is { } d ? new EarlyStopReport(d.Stop, d.Rule, d.Reason, d.SamplesUsed) : null,
            EarlyRejection = result.EarlyRejection is { } r
                ? new EarlyRejectionReport(r.Started, r.Finished,
                    r.Checkpoints.Select(c => new CheckpointReport(c.Tokens, c.Scored, c.Kept, c.Rejected, Finite(c.Threshold), c.Skipped)
                    {
                        RefillsScored = r.Refill is null ? null : c.RefillsScored,
                        RefillsRejected = r.Refill is null ? null : c.RefillsRejected,
                    }).ToList(),
                    r.RejectedTokens, r.EstimatedTokensSaved)
                {
                    Refill = r.Refill is { } f ? new RefillReport(f.Refilled, f.MaxTotalTokens, f.TokensUsed, f.Seats) : null,
                }
                : null,
            Budget = result.Budget is { } b ? new BudgetReport(b.Total, b.Used, b.Prompts, b.Confidence) : null,
            Timings = new TimingsReport(result.Cost.Sampling.TotalMilliseconds, result.Cost.Verification.TotalMilliseconds,
                result.Cost.Selection.TotalMilliseconds, result.Cost.Total.TotalMilliseconds),
            Candidates = request.ReturnCandidates ? result.Candidates.Select(c => Candidate(c, result)).ToList() : null,
            Sources = result.Sources is [{ Source: LocalSampleSource.DefaultName }] or []
                ? null
                : result.Sources.Select(s => new SourceReport(s.Source, s.Samples, s.Chunks, s.Failed, s.Hedged, s.LastError, s.WithoutLogprobs > 0 ? s.WithoutLogprobs : null)).ToList(),
            Shortfall = result.Shortfall,
        };
    }

    private static CandidateReport Candidate(Candidate c, PipelineResult result) => new(
        c.Index, c.Text, c.Answer?.Raw, c.TokenCount, Finite(c.MeanLogProb), Finite(c.Reward),
        FinishReasons.ToWire(result.Samples[c.Index].FinishReason),
        c.Verdicts.ToDictionary(v => v.Key, v => new VerdictReport(Status(v.Value.Status), Finite(v.Value.Score), v.Value.Reason), StringComparer.Ordinal));

    /// <summary>Why a verifier left candidates unverified: each distinct reason (the first few) with its count.</summary>
    private static Dictionary<string, int> UnverifiedReasons(IReadOnlyList<Candidate> candidates, string verifier) =>
        candidates.Select(c => c.Verdicts.GetValueOrDefault(verifier))
            .Where(v => v is { Status: VerdictStatus.Unverified })
            .GroupBy(v => v!.Reason, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(MaxReasons)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private const int MaxReasons = 5;

    private static string Status(VerdictStatus status) => status switch
    {
        VerdictStatus.Accepted => "accepted",
        VerdictStatus.Rejected => "rejected",
        VerdictStatus.Scored => "scored",
        _ => "unverified",
    };

    /// <summary>JSON has no NaN or infinity; a non-finite score is reported as null.</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
