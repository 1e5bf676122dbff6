namespace Inference.Testing;

/// <summary>
/// Waits for a condition that, once true, stays true (rows freed after a request ended, a metric recorded after the
/// response was sent). The bound only turns a hang into a failure; it is generous because a loaded CI machine can
/// stall any thread for seconds. Never use it to catch a state that holds only for a while: hold such a state still
/// instead (a gate), or the wait races with the thing it watches.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what} did not happen within {Bound.TotalSeconds:0} s");
            await Task.Delay(10);
        }
    }
}
