namespace Inference.LoadTest.Running;

/// <summary>How load is offered.</summary>
public enum LoadMode
{
    /// <summary>C clients, each sending its next request when the previous one finished.</summary>
    Closed,

    /// <summary>Requests arrive as a Poisson process at a fixed rate, whatever the server's speed.</summary>
    Open,
}

/// <summary>
/// A bounded run: it stops issuing at <see cref="Duration"/> or after <see cref="MaxRequests"/> (whichever first),
/// then waits for the requests in flight for at most <see cref="Drain"/> before cancelling them.
/// </summary>
public sealed record LoadPlan(
    LoadMode Mode,
    int Concurrency,
    double Rate,
    TimeSpan Duration,
    int? MaxRequests,
    int MaxInFlight,
    TimeSpan Drain,
    int Seed)
{
    public void Validate()
    {
        if (Mode == LoadMode.Closed && Concurrency < 1) throw new ArgumentException("--concurrency must be >= 1.");
        if (Mode == LoadMode.Open && !(double.IsFinite(Rate) && Rate > 0)) throw new ArgumentException("--rate must be a positive number of requests per second.");
        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromHours(1)) throw new ArgumentException("--duration must be between 0 and 3600 seconds.");
        if (MaxRequests is < 1) throw new ArgumentException("--requests must be >= 1.");
        if (MaxInFlight < 1) throw new ArgumentException("--max-in-flight must be >= 1.");
    }
}
