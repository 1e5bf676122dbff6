using Inference.Server.Options;
using Inference.Verifiers;
using Microsoft.Extensions.Options;

namespace Inference.Server.Models;

/// <summary>The external verifiers configured under Verifiers:Http, by name: each an <see cref="HttpVerifier"/> built
/// by the container (<see cref="HttpVerifierRegistration"/>: an IHttpClientFactory client with its resilience handler),
/// created on first use and shared by every model.</summary>
public sealed class ExternalVerifiers(IServiceProvider services, IOptions<ExternalVerifiersOptions> options)
{
    private readonly Lazy<IReadOnlyDictionary<string, IVerifier>> verifiers = new(() => options.Value.Http.Keys.ToDictionary(
        name => name, name => (IVerifier)services.GetRequiredKeyedService<HttpVerifier>(name), StringComparer.Ordinal));

    public IReadOnlyCollection<string> Names => options.Value.Http.Keys;

    public IReadOnlyDictionary<string, IVerifier> All => verifiers.Value;

    public HttpVerifier this[string name] => (HttpVerifier)All[name];

    /// <summary>Registers the configured verifiers (read from configuration now, validated at start like every option).</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration.GetSection(ExternalVerifiersOptions.Section).Get<ExternalVerifiersOptions>() ?? new ExternalVerifiersOptions();
        foreach (var (name, verifier) in configured.Http)
        {
            var named = verifier with { Name = name };
            // An invalid entry stops the server at start (ExternalVerifiersOptionsValidator); it is not registered.
            if (named.Validate().Count == 0) services.AddHttpVerifier(named);
        }
        services.AddSingleton<ExternalVerifiers>();
    }
}
