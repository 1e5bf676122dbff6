namespace Inference.Protocol;

/// <summary>Reads an answer format: a name, or an object by its "format" (an object with a pattern and no format is a regex).</summary>
public sealed class AnswerFormatConverter : DiscriminatedConverter<AnswerFormatRequest>
{
    protected override string Discriminator => "format";

    protected override Type Choose(string? value, IReadOnlySet<string> fields) =>
        AnswerFormatRequest.Formats.Canonical(value) == "regex" || (value is null && fields.Contains("pattern"))
            ? typeof(RegexAnswerFormat)
            : typeof(NamedAnswerFormat);

    protected override AnswerFormatRequest FromString(string value) => new NamedAnswerFormat { Format = value };

    protected override string? AsString(AnswerFormatRequest value) =>
        value is NamedAnswerFormat { Format: { } format, UnknownFields: null } ? format : null;
}
