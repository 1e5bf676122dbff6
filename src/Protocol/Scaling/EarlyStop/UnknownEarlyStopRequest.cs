namespace Inference.Protocol;

/// <summary>An early_stop whose rule is missing or names no rule: read so that validation can say which rules exist.</summary>
public sealed class UnknownEarlyStopRequest : EarlyStopRequest;
