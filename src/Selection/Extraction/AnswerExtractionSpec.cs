namespace Inference.Selection;

/// <summary>Per-request choice of answer extraction.</summary>
/// <param name="Format">Where to find the answer.</param>
/// <param name="Pattern">The user regex for <see cref="AnswerFormat.Regex"/> (must define a group named <c>answer</c>).</param>
/// <param name="MatchTimeout">Bound on one regex match, against catastrophic backtracking; default 100 ms.</param>
public sealed record AnswerExtractionSpec(AnswerFormat Format, string? Pattern = null, TimeSpan? MatchTimeout = null)
{
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(100);

    public static AnswerExtractionSpec Auto { get; } = new(AnswerFormat.Auto);

    /// <summary>Maps wire names (auto, hash/gsm8k, answer_is, boxed, last_number, regex, whole_text, json) to a spec.</summary>
    public static AnswerExtractionSpec FromName(string name, string? pattern = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var format = name.Trim().ToLowerInvariant() switch
        {
            "auto" => AnswerFormat.Auto,
            "hash" or "gsm8k" => AnswerFormat.Hash,
            "answer_is" => AnswerFormat.AnswerIs,
            "boxed" => AnswerFormat.Boxed,
            "last_number" => AnswerFormat.LastNumber,
            "regex" => AnswerFormat.Regex,
            "whole_text" => AnswerFormat.WholeText,
            "json" => AnswerFormat.Json,
            _ => throw new InvalidAnswerFormatException(
                $"Unknown answer format '{name}'. Known: auto, hash, gsm8k, answer_is, boxed, last_number, regex, whole_text, json."),
        };
        return new AnswerExtractionSpec(format, pattern);
    }
}
