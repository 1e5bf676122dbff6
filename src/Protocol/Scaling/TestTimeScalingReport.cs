namespace Inference.Protocol;

/// <summary>Extension object in responses: what test-time scaling did and why it chose what it returned.</summary>
public sealed record TestTimeScalingReport
{
    public required string Strategy { get; init; }
    public required string RankedBy { get; init; }
    public required int SamplesRequested { get; init; }
    public required int SamplesUsed { get; init; }
    public required int Waves { get; init; }
    public required int K { get; init; }
    public required int Unanswered { get; init; }
    public double? Threshold { get; init; }
    public string? TieBreak { get; init; }
    public string? Fallback { get; init; }
    public required IReadOnlyList<AnswerReport> Answers { get; init; }
    public required IReadOnlyList<ChosenReport> Chosen { get; init; }
    public required IReadOnlyList<VerifierReport> Verifiers { get; init; }
    public EarlyStopReport? EarlyStop { get; init; }
    public EarlyRejectionReport? EarlyRejection { get; init; }
    public BudgetReport? Budget { get; init; }
    public required TimingsReport Timings { get; init; }
    public IReadOnlyList<CandidateReport>? Candidates { get; init; }

    /// <summary>Where the samples were drawn, when a pool of backends drew them: per source, samples delivered, chunks
    /// completed, chunks that failed there (and were redrawn elsewhere), hedges run there.</summary>
    public IReadOnlyList<SourceReport>? Sources { get; init; }

    /// <summary>Why fewer samples than requested were used (samples_used says how many), when some could not be drawn.</summary>
    public string? Shortfall { get; init; }
}

/// <summary>What one sample source (the local engine or a backend endpoint) did for the request; WithoutLogprobs counts
/// its samples that came without log-probabilities (absent when every one had them).</summary>
public sealed record SourceReport(string Source, int Samples, int Chunks, int Failed, int Hedged, string? LastError, int? WithoutLogprobs = null);

/// <summary>One answer class: its votes, frequency, the score the strategy ranked by, whether it was kept and chosen.</summary>
public sealed record AnswerReport(string Answer, int Votes, double Frequency, double? Score, int Candidate, bool Kept, bool Chosen);

/// <summary>A returned choice and the candidate (sample index) it came from.</summary>
public sealed record ChosenReport(int ChoiceIndex, int Candidate, string? Answer);

/// <summary>What one verifier concluded over the candidates; unverified counts failures (service down, timeout...),
/// and <see cref="UnverifiedReasons"/> says why: each distinct reason with how many candidates it left unverified.</summary>
public sealed record VerifierReport(string Name, int Accepted, int Rejected, int Scored, int Unverified, double ElapsedMs)
{
    public IReadOnlyDictionary<string, int>? UnverifiedReasons { get; init; }
}

/// <summary>The budget this prompt's samples came from: the total, what all the request's prompts used, how many shared
/// it, and this prompt's final confidence P(leader better than runner-up) under Beta(v1+1, v2+1).</summary>
public sealed record BudgetReport(int Total, int Used, int Prompts, double Confidence);

public sealed record EarlyStopReport(bool Stopped, string? Rule, string Detail, int SamplesUsed);

public sealed record TimingsReport(double SamplingMs, double VerificationMs, double SelectionMs, double TotalMs);

/// <summary>A sampled candidate (return_candidates).</summary>
public sealed record CandidateReport(
    int Index, string Text, string? Answer, int Tokens, double? MeanLogprob, double? Reward, string FinishReason,
    IReadOnlyDictionary<string, VerdictReport> Verdicts);

/// <summary>status: accepted | rejected | scored | unverified.</summary>
public sealed record VerdictReport(string Status, double? Score, string Reason);
