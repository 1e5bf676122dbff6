using Inference.Server.Options;
using Inference.Server.ScaleOut;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inference.Server.Tests;

/// <summary>The scale-out services as the server registers them (<see cref="BackendPools.Register"/>), from settings
/// and, when given, a clock the test drives (the breakers and the model-list cache read it).</summary>
public static class BackendServices
{
    public static ServiceProvider Build(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        if (time is not null) services.AddSingleton(time);
        services.AddOptions<BackendsOptions>().BindConfiguration(BackendsOptions.Section);
        services.AddOptions<ScaleOutOptions>().BindConfiguration(ScaleOutOptions.Section);
        BackendPools.Register(services, configuration);
        return services.BuildServiceProvider();
    }
}
