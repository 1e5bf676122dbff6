namespace Inference.Protocol;

/// <summary>Reads a temperature schedule as the type its "type" names.</summary>
public sealed class TemperatureScheduleConverter : DiscriminatedConverter<TemperatureScheduleRequest>
{
    protected override string Discriminator => "type";

    protected override Type Choose(string? value, IReadOnlySet<string> fields) => TemperatureScheduleRequest.Types.Canonical(value) switch
    {
        "constant" => typeof(ConstantScheduleRequest),
        "ead" => typeof(EadScheduleRequest),
        "linear" => typeof(LinearScheduleRequest),
        "cosine" => typeof(CosineScheduleRequest),
        "exponential" => typeof(ExponentialScheduleRequest),
        _ => typeof(UnknownScheduleRequest),
    };
}
