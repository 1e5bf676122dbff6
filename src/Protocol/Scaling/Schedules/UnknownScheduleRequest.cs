namespace Inference.Protocol;

/// <summary>A schedule whose type is missing or names no schedule: read so that validation can say which types exist.</summary>
public sealed class UnknownScheduleRequest : TemperatureScheduleRequest;
