namespace Inference.Protocol;

/// <summary>{"type": "reference_answer"}: accepts samples whose answer equals test_time_scaling.reference_answer.</summary>
public sealed class ReferenceAnswerVerifierRequest : VerifierRequest
{
    public ReferenceAnswerVerifierRequest() => Type = "reference_answer";
}
