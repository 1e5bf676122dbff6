namespace Inference.Selection;

/// <summary>One verifier's verdict on one candidate: a status, an optional score and a human-readable reason.</summary>
public sealed record Verdict(VerdictStatus Status, double? Score, string Reason)
{
    public static Verdict Accept(string reason, double score = 1.0) => new(VerdictStatus.Accepted, score, reason);

    public static Verdict Reject(string reason, double score = 0.0) => new(VerdictStatus.Rejected, score, reason);

    public static Verdict Scored(double score, string reason) => new(VerdictStatus.Scored, score, reason);

    public static Verdict Unverified(string reason) => new(VerdictStatus.Unverified, null, reason);
}
