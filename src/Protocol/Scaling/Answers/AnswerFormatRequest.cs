using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>
/// test_time_scaling.answer: how the answer is found in a sample. A format name (auto, hash, gsm8k, answer_is, boxed,
/// last_number, whole_text, json), as a string or {"format": name}, or {"format": "regex", "pattern": "...(?&lt;answer&gt;...)..."}.
/// </summary>
[JsonConverter(typeof(AnswerFormatConverter))]
public abstract class AnswerFormatRequest : WireExtensionObject
{
    /// <summary>The format names (regex takes a pattern).</summary>
    public static readonly WireNames Formats = new(
        ("auto", []), ("hash", ["gsm8k"]), ("answer_is", []), ("boxed", []), ("last_number", []), ("regex", []), ("whole_text", []), ("json", []));

    /// <summary>auto | hash | gsm8k | answer_is | boxed | last_number | regex | whole_text | json.</summary>
    public string? Format { get; set; }

    /// <summary>The answer format of a name, e.g. <c>AnswerFormatRequest.Named("boxed")</c>.</summary>
    public static AnswerFormatRequest Named(string format) => new NamedAnswerFormat { Format = format };

    /// <summary>A regex whose group "answer" is the answer.</summary>
    public static AnswerFormatRequest Regex(string pattern) => new RegexAnswerFormat { Pattern = pattern };
}
