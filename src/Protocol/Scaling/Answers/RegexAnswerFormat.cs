namespace Inference.Protocol;

/// <summary>{"format": "regex", "pattern": "...(?&lt;answer&gt;...)..."}: the first match's group "answer".</summary>
public sealed class RegexAnswerFormat : AnswerFormatRequest
{
    public RegexAnswerFormat() => Format = "regex";

    /// <summary>A .NET regular expression with a group named "answer".</summary>
    public string? Pattern { get; set; }
}
