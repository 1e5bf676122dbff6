namespace Inference.Engine.Sampling.Schedules;

/// <summary>The same temperature for every token; 0 means greedy decoding.</summary>
public sealed record ConstantTemperature(double Temperature) : ITemperatureSchedule
{
    public string Name => "constant";

    public double At(int t) => Temperature;
}
