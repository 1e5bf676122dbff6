namespace Inference.Selection;

/// <summary>An answer as it appeared in the text (<see cref="Raw"/>) and its normalized comparison key.</summary>
public sealed record ExtractedAnswer(string Raw, AnswerKey Key)
{
    public static ExtractedAnswer From(string raw) => new(raw, AnswerNormalizer.Normalize(raw));

    public override string ToString() => Raw;
}
