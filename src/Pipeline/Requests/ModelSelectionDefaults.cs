namespace Inference.Pipeline.Requests;

/// <summary>A model's server-side selection settings: they fill what a request's test_time_scaling leaves out and,
/// with <see cref="ApplyToAllRequests"/>, apply to requests that carry none.</summary>
public sealed record ModelSelectionDefaults(string? Strategy, int? Samples, double? Alpha, string? Answer, string? AnswerPattern, bool ApplyToAllRequests);
