using System.Text.RegularExpressions;
using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Accepts a response that matches every must-match pattern and none of the must-not-match patterns. Patterns are
/// compiled up front (an invalid one is an <see cref="InvalidVerifierConfigurationException"/>); a match that runs
/// past the timeout leaves the candidate unverified, naming the pattern.
/// </summary>
public sealed class RegexVerifier : CandidateVerifier
{
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly IReadOnlyList<Regex> _mustMatch;
    private readonly IReadOnlyList<Regex> _mustNotMatch;

    public RegexVerifier(
        string name,
        IReadOnlyList<string>? mustMatch = null,
        IReadOnlyList<string>? mustNotMatch = null,
        TimeSpan? matchTimeout = null,
        RegexOptions options = RegexOptions.None)
        : base(name, maxDegreeOfParallelism: 1)
    {
        var timeout = matchTimeout ?? DefaultMatchTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            throw new InvalidVerifierConfigurationException($"Regex verifier '{name}': the match timeout must be positive, got {timeout}.");
        }

        _mustMatch = Compile(name, "must-match", mustMatch ?? [], timeout, options);
        _mustNotMatch = Compile(name, "must-not-match", mustNotMatch ?? [], timeout, options);
        if (_mustMatch.Count + _mustNotMatch.Count == 0)
        {
            throw new InvalidVerifierConfigurationException($"Regex verifier '{name}' has no patterns.");
        }
    }

    protected override ValueTask<Verdict> VerifyOneAsync(VerificationRequest request, Candidate candidate, CancellationToken cancellationToken)
    {
        Regex? current = null;
        try
        {
            foreach (var regex in _mustMatch)
            {
                current = regex;
                if (!regex.IsMatch(candidate.Text))
                {
                    return ValueTask.FromResult(Verdict.Reject($"does not match required pattern '{regex}'"));
                }
            }

            foreach (var regex in _mustNotMatch)
            {
                current = regex;
                if (regex.IsMatch(candidate.Text))
                {
                    return ValueTask.FromResult(Verdict.Reject($"matches forbidden pattern '{regex}'"));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return ValueTask.FromResult(Verdict.Unverified($"pattern '{current}' timed out after {current!.MatchTimeout.TotalMilliseconds} ms"));
        }

        return ValueTask.FromResult(Verdict.Accept("all patterns satisfied"));
    }

    private static List<Regex> Compile(string name, string kind, IReadOnlyList<string> patterns, TimeSpan timeout, RegexOptions options)
    {
        var compiled = new List<Regex>(patterns.Count);
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                throw new InvalidVerifierConfigurationException($"Regex verifier '{name}': an empty {kind} pattern.");
            }

            try
            {
                compiled.Add(new Regex(pattern, options | RegexOptions.CultureInvariant, timeout));
            }
            catch (ArgumentException ex)
            {
                throw new InvalidVerifierConfigurationException($"Regex verifier '{name}': invalid {kind} pattern '{pattern}': {ex.Message}", ex);
            }
        }

        return compiled;
    }
}
