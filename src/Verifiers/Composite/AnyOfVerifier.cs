using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Accepted when any child accepts. Otherwise unverified if some child could not decide (it might have accepted),
/// rejected if every deciding child rejected. The score is the highest child score.
/// </summary>
public sealed class AnyOfVerifier(string name, IReadOnlyList<IVerifier> children) : CompositeVerifier(name, children)
{
    protected override Verdict Combine(IReadOnlyList<(string Child, Verdict Verdict)> verdicts)
    {
        var scores = verdicts.Select(v => v.Verdict.Score).OfType<double>().ToList();
        double? score = scores.Count > 0 ? scores.Max() : null;
        var accepted = verdicts.Where(v => v.Verdict.Status == VerdictStatus.Accepted).ToList();
        if (accepted.Count > 0)
        {
            return new Verdict(VerdictStatus.Accepted, score, $"accepted by {List(accepted)}");
        }

        var unverified = verdicts.Where(v => v.Verdict.Status == VerdictStatus.Unverified).ToList();
        if (unverified.Count > 0)
        {
            return Verdict.Unverified($"no acceptance and not all checks ran: {List(unverified)}");
        }

        return verdicts.Any(v => v.Verdict.Status == VerdictStatus.Rejected)
            ? new Verdict(VerdictStatus.Rejected, score, $"rejected by all deciding verifiers: {List(verdicts)}")
            : Verdict.Unverified("no child verifier made an accept/reject decision");
    }
}
