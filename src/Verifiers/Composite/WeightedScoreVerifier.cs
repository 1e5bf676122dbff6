using System.Globalization;
using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Score = sum of weight_i * score_i over the children that produced a score (an accept counts 1 and a reject 0
/// unless the child gave its own score). A child without a score contributes nothing and is named in the reason; when
/// no child scored, the candidate is unverified. With an accept threshold the verdict is Accepted/Rejected by
/// score &gt;= threshold, otherwise Scored.
/// </summary>
public sealed class WeightedScoreVerifier : CompositeVerifier
{
    private readonly IReadOnlyList<double> _weights;
    private readonly double? _acceptThreshold;

    public WeightedScoreVerifier(string name, IReadOnlyList<(IVerifier Verifier, double Weight)> weighted, double? acceptThreshold = null)
        : base(name, weighted?.Select(w => w.Verifier).ToList() ?? throw new ArgumentNullException(nameof(weighted)))
    {
        if (weighted.Any(w => !double.IsFinite(w.Weight)))
        {
            throw new InvalidVerifierConfigurationException($"Weighted verifier '{name}': weights must be finite numbers.");
        }

        if (acceptThreshold is { } t && !double.IsFinite(t))
        {
            throw new InvalidVerifierConfigurationException($"Weighted verifier '{name}': the accept threshold must be finite.");
        }

        _weights = weighted.Select(w => w.Weight).ToList();
        _acceptThreshold = acceptThreshold;
    }

    protected override Verdict Combine(IReadOnlyList<(string Child, Verdict Verdict)> verdicts)
    {
        var sum = 0.0;
        var used = 0;
        var missing = new List<string>();
        for (var i = 0; i < verdicts.Count; i++)
        {
            if (verdicts[i].Verdict.Score is { } score && double.IsFinite(score))
            {
                sum += _weights[i] * score;
                used++;
            }
            else
            {
                missing.Add(verdicts[i].Child);
            }
        }

        if (used == 0)
        {
            return Verdict.Unverified($"no child produced a score: {List(verdicts)}");
        }

        var reason = $"weighted score {sum.ToString("G6", CultureInfo.InvariantCulture)} from {used} of {verdicts.Count} verifiers"
            + (missing.Count > 0 ? $" (no score from {string.Join(", ", missing)})" : "");
        return _acceptThreshold switch
        {
            { } t when sum >= t => new Verdict(VerdictStatus.Accepted, sum, $"{reason} >= {t.ToString(CultureInfo.InvariantCulture)}"),
            { } t => new Verdict(VerdictStatus.Rejected, sum, $"{reason} < {t.ToString(CultureInfo.InvariantCulture)}"),
            null => Verdict.Scored(sum, reason),
        };
    }
}
