namespace Inference.Selection;

/// <summary>Where the final answer is found in a response.</summary>
public enum AnswerFormat
{
    /// <summary>Math cascade: <c>####</c>, then "The answer is", then last <c>\boxed{}</c>, then last number.</summary>
    Auto,
    /// <summary>GSM8K style: the text after the last <c>####</c> on its line.</summary>
    Hash,
    /// <summary>The last "The answer is ..." / "The final answer is ..." phrase, up to the end of its sentence.</summary>
    AnswerIs,
    /// <summary>The content of the last brace-matched <c>\boxed{...}</c> (or <c>\fbox{...}</c>).</summary>
    Boxed,
    /// <summary>The last number (<c>-?\d*\.?\d+</c>, thousands separators allowed).</summary>
    LastNumber,
    /// <summary>A user regex with a named group <c>answer</c>; the last match wins.</summary>
    Regex,
    /// <summary>The whole response, trimmed.</summary>
    WholeText,
    /// <summary>The whole response as one JSON document, compared in canonical form (member order, whitespace and number spelling ignored).</summary>
    Json,
}
