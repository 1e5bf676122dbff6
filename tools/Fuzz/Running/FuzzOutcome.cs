using Inference.Fuzz.Generation;

namespace Inference.Fuzz.Running;

/// <summary>What one case got: the status (0 when no answer came), the problem if the answer broke a rule, the time.</summary>
public sealed record FuzzOutcome(FuzzCase Case, int Status, string? Problem, bool Hung, double Milliseconds)
{
    public bool Failed => Problem is not null;
}
