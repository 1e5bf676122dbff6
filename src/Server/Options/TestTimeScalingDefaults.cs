using System.ComponentModel.DataAnnotations;

namespace Inference.Server.Options;

/// <summary>
/// Server-side test-time-scaling settings of one model: they fill the fields a request's <c>test_time_scaling</c>
/// object leaves out, and with <see cref="ApplyToAllRequests"/> they apply to requests that carry no such object
/// (so unmodified SDKs get selection).
/// </summary>
public sealed class TestTimeScalingDefaults
{
    public string? Strategy { get; set; }

    [Range(1, 4096)]
    public int? Samples { get; set; }

    [Range(0.0, 1.0)]
    public double? Alpha { get; set; }

    /// <summary>Answer extraction format: auto, hash, answer_is, boxed, last_number, regex, whole_text, json.</summary>
    public string? Answer { get; set; }

    /// <summary>The regex (with a named group "answer") when <see cref="Answer"/> is regex.</summary>
    public string? AnswerPattern { get; set; }

    public bool ApplyToAllRequests { get; set; }

    public Pipeline.Requests.ModelSelectionDefaults ToModelSelectionDefaults() => new(Strategy, Samples, Alpha, Answer, AnswerPattern, ApplyToAllRequests);
}
