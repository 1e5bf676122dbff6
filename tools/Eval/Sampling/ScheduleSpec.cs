using System.Globalization;
using Inference.Eval.Data;
using Inference.Engine.Sampling.Schedules;

namespace Inference.Eval.Sampling;

/// <summary>
/// A temperature schedule by name: "const:T" (e.g. const:1.0) or "ead" with optional overrides
/// "ead:tau_max=1.2,tau_min=0.1,d=25,scale=20,warmup=10" (the EAD defaults of the engine, i.e. the authors' code).
/// </summary>
public sealed record ScheduleSpec(string Name, ITemperatureSchedule Schedule)
{
    public static ScheduleSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spec = text.Trim();
        var (kind, args) = spec.IndexOf(':') is var colon and >= 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, "");
        switch (kind.ToLowerInvariant())
        {
            case "const" or "constant":
                if (!double.TryParse(args, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !(t is >= 0 and <= 10))
                    throw new InvalidEvalInputException($"Schedule '{spec}': const needs a temperature in [0, 10], e.g. const:1.0.");
                return new ScheduleSpec($"const{t.ToString("0.0##", CultureInfo.InvariantCulture)}", new ConstantTemperature(t));
            case "ead":
                var ead = new ExploratoryAnnealedTemperature();
                foreach (var pair in args.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var parts = pair.Split('=', 2);
                    if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                        throw new InvalidEvalInputException($"Schedule '{spec}': '{pair}' is not name=number.");
                    ead = parts[0] switch
                    {
                        "tau_max" => ead with { MaxTemperature = v },
                        "tau_min" => ead with { MinTemperature = v },
                        "d" => ead with { Decay = v },
                        "scale" => ead with { Scale = v },
                        "warmup" => ead with { WarmupTokens = (int)v },
                        _ => throw new InvalidEvalInputException($"Schedule '{spec}': unknown EAD parameter '{parts[0]}' (tau_max, tau_min, d, scale, warmup)."),
                    };
                }
                if (ead.Decay <= 0 || ead.Scale <= 0 || ead.MinTemperature < 0 || ead.MaxTemperature < ead.MinTemperature)
                    throw new InvalidEvalInputException($"Schedule '{spec}': needs d > 0, scale > 0 and 0 <= tau_min <= tau_max.");
                return new ScheduleSpec(args.Length == 0 ? "ead" : "ead-" + args.Replace("=", "").Replace(',', '-').Replace(" ", ""), ead);
            default:
                throw new InvalidEvalInputException($"Unknown schedule '{spec}': use const:T or ead[:tau_max=..,tau_min=..,d=..,scale=..,warmup=..].");
        }
    }
}
