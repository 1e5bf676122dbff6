using Inference.Server.Hosting;
using Inference.Server.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inference.Server.Tests;

/// <summary>
/// When the memory trimmer collects: only once nothing has been in flight for the idle time, once per idle period
/// after enough allocation, plus one second pass when the shared pools have released their buffers; never while a
/// request is served. The clock is manual; the allocation the trimmer requires is made here.
/// </summary>
public sealed class IdleMemoryTrimmerTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    [Fact]
    public void It_collects_once_idle_then_once_more_after_the_pools_release_and_not_while_a_request_runs()
    {
        var clock = new FakeTimeProvider();
        var activity = new RequestActivity(clock);
        var trimmer = new IdleMemoryTrimmer(activity, Microsoft.Extensions.Options.Options.Create(new ServerOptions()), clock, NullLogger<IdleMemoryTrimmer>.Instance);

        activity.Started();
        Allocate();
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(trimmer.TrimIfIdle(Idle)); // a request is in flight
        activity.Ended();
        clock.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.False(trimmer.TrimIfIdle(Idle)); // not idle long enough
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(trimmer.TrimIfIdle(Idle));
        Assert.False(trimmer.TrimIfIdle(Idle)); // once per idle period...
        clock.Advance(IdleMemoryTrimmer.PoolRelease);
        Assert.True(trimmer.TrimIfIdle(Idle)); // ...plus the second pass
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(trimmer.TrimIfIdle(Idle));
        Assert.Equal(2, trimmer.Trims);

        // A new idle period after more allocation is collected again.
        activity.Started();
        Allocate();
        activity.Ended();
        clock.Advance(Idle);
        Assert.True(trimmer.TrimIfIdle(Idle));
        Assert.Equal(3, trimmer.Trims);
    }

    /// <summary>Allocates past the trimmer's threshold (what other tests in this process allocate only adds to it).</summary>
    private static void Allocate()
    {
        for (var i = 0; i < 80; i++) GC.KeepAlive(new byte[1024 * 1024]);
    }
}
