using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Accepts a candidate whose extracted answer is equivalent (Selection's normalization and tolerance) to the
/// request's reference answer. No reference: unverified. No extracted answer: rejected.
/// </summary>
public sealed class AnswerCheckVerifier(string name = "answer", double relativeTolerance = AnswerKey.DefaultRelativeTolerance)
    : CandidateVerifier(name, maxDegreeOfParallelism: 1)
{
    protected override ValueTask<Verdict> VerifyOneAsync(VerificationRequest request, Candidate candidate, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ReferenceAnswer))
        {
            return ValueTask.FromResult(Verdict.Unverified("no reference answer was supplied"));
        }

        var reference = AnswerNormalizer.Normalize(request.ReferenceAnswer);
        if (candidate.Answer is not { } answer)
        {
            return ValueTask.FromResult(Verdict.Reject("no answer could be extracted"));
        }

        return ValueTask.FromResult(answer.Key.IsEquivalentTo(reference, relativeTolerance)
            ? Verdict.Accept($"answer '{answer.Raw}' matches the reference '{request.ReferenceAnswer}'")
            : Verdict.Reject($"answer '{answer.Raw}' differs from the reference '{request.ReferenceAnswer}'"));
    }
}
