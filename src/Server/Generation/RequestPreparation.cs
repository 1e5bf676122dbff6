using Inference.Pipeline.Requests;
using Inference.Server.Models;
using Inference.Server.Options;
using Microsoft.Extensions.Options;

namespace Inference.Server.Generation;

/// <summary>The server's side of request resolution: its limits (Limits and Scheduler sections) as the resolver's,
/// each served model as the resolver sees it, and response ids. The checks themselves are the resolver's
/// (<see cref="RequestValidation"/>), so every refusal is a 400 naming its parameter before anything runs.</summary>
public sealed class RequestPreparation(IOptions<LimitsOptions> limits, IOptions<SchedulerLimitsOptions> scheduler)
{
    public LimitsOptions Caps => limits.Value;

    public RequestResolver Resolver { get; } = new(limits.Value.ToRequestLimits(scheduler.Value));

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];
}
