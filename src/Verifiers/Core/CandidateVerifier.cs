using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Base for verifiers that judge one candidate at a time: runs <see cref="VerifyOneAsync"/> over the batch with at
/// most <see cref="MaxDegreeOfParallelism"/> candidates in flight, and turns an exception for one candidate into an
/// unverified verdict for that candidate only.
/// </summary>
public abstract class CandidateVerifier : IVerifier
{
    protected CandidateVerifier(string name, int maxDegreeOfParallelism)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (maxDegreeOfParallelism < 1)
        {
            throw new InvalidVerifierConfigurationException($"Verifier '{name}': max degree of parallelism must be at least 1, got {maxDegreeOfParallelism}.");
        }

        Name = name;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    public string Name { get; }

    public int MaxDegreeOfParallelism { get; }

    public async Task<IReadOnlyList<Verdict>> VerifyAsync(
        VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);
        var verdicts = new Verdict[candidates.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count), options, async (i, token) =>
        {
            try
            {
                verdicts[i] = await VerifyOneAsync(request, candidates[i], token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                verdicts[i] = Verdict.Unverified($"{ex.GetType().Name}: {ex.Message}");
            }
        }).ConfigureAwait(false);
        return verdicts;
    }

    protected abstract ValueTask<Verdict> VerifyOneAsync(VerificationRequest request, Candidate candidate, CancellationToken cancellationToken);
}
