namespace Inference.Selection;

/// <summary>Builds the extractor a request asks for.</summary>
public static class AnswerExtractors
{
    public static IAnswerExtractor Create(AnswerExtractionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Format != AnswerFormat.Regex && spec.Pattern is not null)
        {
            throw new InvalidAnswerFormatException($"A pattern was given but the answer format is {spec.Format}; use the regex format.");
        }

        return spec.Format switch
        {
            AnswerFormat.Auto => CascadeAnswerExtractor.Math,
            AnswerFormat.Hash => new HashAnswerExtractor(),
            AnswerFormat.AnswerIs => new AnswerIsExtractor(),
            AnswerFormat.Boxed => new BoxedAnswerExtractor(),
            AnswerFormat.LastNumber => new LastNumberExtractor(),
            AnswerFormat.Regex => new RegexAnswerExtractor(spec.Pattern ?? "", spec.MatchTimeout),
            AnswerFormat.WholeText => new WholeTextExtractor(),
            AnswerFormat.Json => new JsonAnswerExtractor(),
            _ => throw new InvalidAnswerFormatException($"Unknown answer format {spec.Format}."),
        };
    }
}
