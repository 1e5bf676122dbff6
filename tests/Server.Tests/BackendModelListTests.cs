using Inference.Server.ScaleOut;
using Inference.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Inference.Server.Tests;

/// <summary>
/// A gateway's view of what its backends serve (<see cref="BackendModelList"/>) against a real replica: the replica's
/// own /v1/models is kept for ScaleOut:ModelsCacheSeconds (a replica gone within that window is still listed as
/// serving), then asked again and listed as not serving, with the reason; a model drawn locally has no backend view.
/// </summary>
public sealed class BackendModelListTests
{
    [Fact]
    public async Task A_backends_listing_is_kept_for_the_cache_window_then_a_backend_that_went_down_is_listed_with_its_error()
    {
        var replica = await ServerProcess.StartAsync("--reward-model", "none");
        await using var _ = replica;
        var time = new FakeTimeProvider();
        await using var provider = BackendServices.Build(new Dictionary<string, string?>
        {
            ["Backends:replicas:Endpoints:0"] = replica.BaseAddress.AbsoluteUri,
            ["ScaleOut:LocalSamples"] = "false",
            ["ScaleOut:ModelsCacheSeconds"] = "10",
        }, time);
        var list = provider.GetRequiredService<BackendModelList>();
        var source = $"replicas@{replica.BaseAddress.Authority}";

        var up = Assert.Single((await list.ForAsync("arith-lm", false, ["arith-lm"], CancellationToken.None))!);
        Assert.Equal(new Protocol.BackendModelCard(source, "arith-lm", true, null) { ContextLength = 256 }, up);

        await replica.KillAsync();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(up, Assert.Single((await list.ForAsync("arith-lm", false, ["arith-lm"], CancellationToken.None))!));

        time.Advance(TimeSpan.FromSeconds(1));
        var down = Assert.Single((await list.ForAsync("arith-lm", false, ["arith-lm"], CancellationToken.None))!);
        Assert.Equal((source, "arith-lm", false), (down.Source, down.Model, down.Serves));
        Assert.False(string.IsNullOrEmpty(down.Error));

        // A model this server serves itself (no backend draws for it) has no backend view.
        Assert.Null(await list.ForAsync("other", false, ["arith-lm", "other"], CancellationToken.None));
    }
}
