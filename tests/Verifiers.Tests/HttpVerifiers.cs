using Microsoft.Extensions.DependencyInjection;

namespace Inference.Verifiers.Tests;

/// <summary>HTTP verifiers made as an application makes them: registered in a container (named IHttpClientFactory
/// client with its resilience handler), with the test's clock when it gives one.</summary>
internal static class HttpVerifiers
{
    public static HttpVerifier Create(HttpVerifierOptions options, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null) services.AddSingleton(time);
        services.AddHttpVerifier(options);
        return services.BuildServiceProvider().GetRequiredKeyedService<HttpVerifier>(options.Name);
    }
}
