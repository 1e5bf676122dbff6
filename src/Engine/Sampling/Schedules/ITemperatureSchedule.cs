namespace Inference.Engine.Sampling.Schedules;

/// <summary>The sampling temperature for generated-token index t (0 for the first generated token).</summary>
public interface ITemperatureSchedule
{
    /// <summary>Name used in configuration and in the API ("constant", "ead", ...).</summary>
    string Name { get; }

    double At(int t);
}
