using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Base for verifiers built from other verifiers: runs the children concurrently (each guarded, so a failing child
/// contributes unverified verdicts) and combines their verdicts candidate by candidate.
/// </summary>
public abstract class CompositeVerifier : IVerifier
{
    protected CompositeVerifier(string name, IReadOnlyList<IVerifier> children)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(children);
        if (children.Count == 0)
        {
            throw new InvalidVerifierConfigurationException($"Composite verifier '{name}' needs at least one child.");
        }

        Name = name;
        Children = children;
    }

    public string Name { get; }

    public IReadOnlyList<IVerifier> Children { get; }

    public async Task<IReadOnlyList<Verdict>> VerifyAsync(
        VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        var perChild = await Task.WhenAll(
            Children.Select(c => VerifierGuard.VerifySafelyAsync(c, request, candidates, cancellationToken))).ConfigureAwait(false);
        var combined = new Verdict[candidates.Count];
        for (var i = 0; i < combined.Length; i++)
        {
            combined[i] = Combine(Children.Select((child, c) => (child.Name, perChild[c][i])).ToList());
        }

        return combined;
    }

    /// <summary>Combines the children's verdicts (in child order) for one candidate.</summary>
    protected abstract Verdict Combine(IReadOnlyList<(string Child, Verdict Verdict)> verdicts);

    protected static string List(IEnumerable<(string Child, Verdict Verdict)> verdicts) =>
        string.Join("; ", verdicts.Select(v => $"{v.Child}: {v.Verdict.Reason}"));
}
