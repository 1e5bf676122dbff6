using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Accepted when every deciding child accepts. Any rejection rejects; otherwise any unverified child leaves the
/// candidate unverified; a child that only scores does not decide, and if no child decided the result is unverified.
/// The score is the lowest child score.
/// </summary>
public sealed class AllOfVerifier(string name, IReadOnlyList<IVerifier> children) : CompositeVerifier(name, children)
{
    protected override Verdict Combine(IReadOnlyList<(string Child, Verdict Verdict)> verdicts)
    {
        var scores = verdicts.Select(v => v.Verdict.Score).OfType<double>().ToList();
        double? score = scores.Count > 0 ? scores.Min() : null;
        var rejected = verdicts.Where(v => v.Verdict.Status == VerdictStatus.Rejected).ToList();
        if (rejected.Count > 0)
        {
            return new Verdict(VerdictStatus.Rejected, score, $"rejected by {List(rejected)}");
        }

        var unverified = verdicts.Where(v => v.Verdict.Status == VerdictStatus.Unverified).ToList();
        if (unverified.Count > 0)
        {
            return Verdict.Unverified($"not all checks ran: {List(unverified)}");
        }

        return verdicts.Any(v => v.Verdict.Status == VerdictStatus.Accepted)
            ? new Verdict(VerdictStatus.Accepted, score, "accepted by all deciding verifiers")
            : Verdict.Unverified("no child verifier made an accept/reject decision");
    }
}
