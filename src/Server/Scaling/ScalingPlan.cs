using Inference.Engine.Sampling.Schedules;
using Inference.Pipeline;

namespace Inference.Server.Scaling;

/// <summary>A validated test-time-scaling request: the pipeline's options plus what the server applies itself.</summary>
public sealed record ScalingPlan(TestTimeScalingOptions Options, ITemperatureSchedule? Schedule, bool ReturnCandidates);
