namespace Inference.Protocol;

/// <summary>{"rule": "esc"}: stop when the last window samples all give the same answer.</summary>
public sealed class EscEarlyStopRequest : EarlyStopRequest
{
    public EscEarlyStopRequest() => Rule = "esc";

    /// <summary>Between 1 and samples; default 5.</summary>
    public int? Window { get; set; }
}
