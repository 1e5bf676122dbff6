using Inference.Pipeline.Sources;
using Inference.Server.ScaleOut;
using Microsoft.Extensions.DependencyInjection;

namespace Inference.Server.Tests;

/// <summary>
/// How Backends:&lt;name&gt;:Endpoints become pool members, through Microsoft.Extensions.ServiceDiscovery as the server
/// registers it: a URL passes through, a service name is looked up under Services:&lt;name&gt;:http, and with
/// ResolveAllAddresses a host name becomes one member per address (a headless Service's pods).
/// </summary>
public sealed class BackendResolutionTests
{
    private static async Task<IReadOnlyList<string>> MembersAsync(Dictionary<string, string?> settings)
    {
        await using var provider = BackendServices.Build(settings);
        var members = await provider.GetRequiredService<BackendPools>().BackendMembersAsync("arith-lm", ["arith-lm"], CancellationToken.None);
        return members.Select(m => $"{m.Name} {((OpenAiSampleSource)m.Source).BaseAddress} {((OpenAiSampleSource)m.Source).Model} {m.Capacity}/{m.MaxChunk}").ToList();
    }

    [Fact]
    public async Task A_fixed_list_of_urls_is_one_member_per_url()
    {
        var members = await MembersAsync(new()
        {
            ["Backends:replicas:Endpoints:0"] = "http://127.0.0.1:9101",
            ["Backends:replicas:Endpoints:1"] = "http://127.0.0.1:9102/",
            ["Backends:replicas:Capacity"] = "8",
            ["Backends:vllm:Endpoints:0"] = "http://10.1.2.3:8000",
            ["Backends:vllm:Model"] = "Qwen/Qwen2.5-0.5B-Instruct",
            ["Backends:vllm:MaxChunk"] = "64",
        });
        Assert.Equal([
            "replicas@127.0.0.1:9101 http://127.0.0.1:9101/ arith-lm 8/16",
            "replicas@127.0.0.1:9102 http://127.0.0.1:9102/ arith-lm 8/16",
            "vllm@10.1.2.3:8000 http://10.1.2.3:8000/ Qwen/Qwen2.5-0.5B-Instruct 16/64",
        ], members);
    }

    [Fact]
    public async Task A_service_name_is_resolved_from_the_services_section()
    {
        var members = await MembersAsync(new()
        {
            ["Backends:replicas:Endpoints:0"] = "http://replicas",
            ["Services:replicas:http:0"] = "127.0.0.1:9201",
            ["Services:replicas:http:1"] = "127.0.0.1:9202",
        });
        Assert.Equal(["replicas@127.0.0.1:9201 http://127.0.0.1:9201/ arith-lm 16/16", "replicas@127.0.0.1:9202 http://127.0.0.1:9202/ arith-lm 16/16"], members);
    }

    [Fact]
    public async Task With_resolve_all_addresses_a_host_name_is_one_member_per_address()
    {
        var members = await MembersAsync(new()
        {
            ["Backends:replicas:Endpoints:0"] = "http://localhost:9301",
            ["Backends:replicas:ResolveAllAddresses"] = "true",
        });
        var expected = (await System.Net.Dns.GetHostAddressesAsync("localhost"))
            .Select(a => new UriBuilder("http", a.ToString(), 9301).Uri).Select(u => $"replicas@{u.Authority} {u} arith-lm 16/16").Distinct();
        Assert.Equal(expected.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
        Assert.Contains("replicas@127.0.0.1:9301 http://127.0.0.1:9301/ arith-lm 16/16", members);
    }
}
