namespace Inference.Protocol;

/// <summary>Reads a response format as the type its "type" names.</summary>
public sealed class ResponseFormatConverter : DiscriminatedConverter<ResponseFormatRequest>
{
    protected override string Discriminator => "type";

    protected override Type Choose(string? value, IReadOnlySet<string> fields) => value switch
    {
        "text" => typeof(TextResponseFormat),
        "json_object" => typeof(JsonObjectResponseFormat),
        "json_schema" => typeof(JsonSchemaResponseFormat),
        _ => typeof(OtherResponseFormat),
    };
}
