using Inference.Engine.Sampling.Schedules;

namespace Inference.Client;

/// <summary>
/// <see cref="InferenceOptions"/> plus what only an in-process call can carry: a temperature schedule object of your
/// own (any <see cref="ITemperatureSchedule"/>), which replaces the constant temperature and any
/// test_time_scaling.temperature_schedule.
/// </summary>
public sealed record EmbeddedInferenceOptions : InferenceOptions
{
    /// <summary>The schedule of every sample of the call.</summary>
    public ITemperatureSchedule? TemperatureSchedule { get; init; }
}
