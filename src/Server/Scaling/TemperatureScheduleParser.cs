using Inference.Engine.Sampling.Schedules;
using Inference.Server.Protocol;

namespace Inference.Server.Scaling;

/// <summary>test_time_scaling.temperature_schedule -> an engine schedule, each parameter range-checked by name.</summary>
public static class TemperatureScheduleParser
{
    private const string Root = "temperature_schedule";

    public static ITemperatureSchedule? Parse(TemperatureScheduleRequest? wire)
    {
        if (wire is null) return null;
        switch (wire.Type?.Trim().ToLowerInvariant())
        {
            case "constant":
                return new ConstantTemperature(Range(wire.Temperature ?? 1.0, "temperature", 0, 100));
            case "ead" or "exploratory_annealed":
            {
                var defaults = new ExploratoryAnnealedTemperature();
                var max = Range(wire.MaxTemperature ?? defaults.MaxTemperature, "max_temperature", 0, 100);
                var min = Range(wire.MinTemperature ?? defaults.MinTemperature, "min_temperature", 0, max);
                return new ExploratoryAnnealedTemperature
                {
                    MaxTemperature = max,
                    MinTemperature = min,
                    Decay = Positive(wire.Decay ?? defaults.Decay, "decay"),
                    Scale = Positive(wire.Scale ?? defaults.Scale, "scale"),
                    WarmupTokens = (int)Range(wire.WarmupTokens ?? defaults.WarmupTokens, "warmup_tokens", 0, 1_000_000),
                };
            }
            case "linear":
                return new LinearTemperature(Range(Required(wire.Start, "start"), "start", 0, 100), Range(Required(wire.End, "end"), "end", 0, 100),
                    (int)Range(Required(wire.Tokens, "tokens"), "tokens", 1, 1_000_000));
            case "cosine":
                return new CosineTemperature(Range(Required(wire.Start, "start"), "start", 0, 100), Range(Required(wire.End, "end"), "end", 0, 100),
                    (int)Range(Required(wire.Tokens, "tokens"), "tokens", 1, 1_000_000));
            case "exponential":
                return new ExponentialTemperature(Range(Required(wire.Start, "start"), "start", 0, 100),
                    Range(Required(wire.Rate, "rate"), "rate", double.Epsilon, 1), Range(wire.Min ?? 0, "min", 0, 100));
            default:
                throw ScalingPlanParser.Bad($"{Root}.type", $"temperature_schedule.type must be constant, ead, linear, cosine or exponential; got '{wire.Type}'.");
        }
    }

    private static double Required(double? value, string name) =>
        value ?? throw ScalingPlanParser.Bad($"{Root}.{name}", $"temperature_schedule.{name} is required for this schedule.");

    private static double Required(int? value, string name) =>
        value ?? throw ScalingPlanParser.Bad($"{Root}.{name}", $"temperature_schedule.{name} is required for this schedule.");

    private static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw ScalingPlanParser.Bad($"{Root}.{name}", $"temperature_schedule.{name} must be > 0; got {value}.");

    private static double Range(double value, string name, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw ScalingPlanParser.Bad($"{Root}.{name}", $"temperature_schedule.{name} must be between {min} and {max}; got {value}.");
}
