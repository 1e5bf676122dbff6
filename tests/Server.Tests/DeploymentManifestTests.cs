using System.Text.RegularExpressions;
using Inference.Server.Hosting;
using Inference.Server.Options;
using Inference.Testing;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inference.Server.Tests;

/// <summary>
/// The Dockerfile and the Kubernetes manifests (deploy/kubernetes) checked against the server they deploy. No cluster
/// and no container runtime exist here: each manifest is parsed into the Kubernetes API's typed objects
/// (KubernetesClient), and what the pods rely on is compared with the server itself: the probe paths are endpoints it
/// maps, the ports are the one it listens on, every environment variable binds onto an option it reads (an unknown
/// key fails), the termination grace covers the preStop pause plus its drain timeout, and the autoscaler's metric is
/// one its /metrics endpoint exports.
/// </summary>
public sealed class DeploymentManifestTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static string Root => ServerProcess.RepositoryRoot;

    private static IReadOnlyList<object> Manifests() => Directory.GetFiles(Path.Combine(Root, "deploy", "kubernetes"), "*.yaml").Order()
        .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f))).ToList();

    private static IEnumerable<V1Deployment> Deployments() => Manifests().OfType<V1Deployment>();

    private static IEnumerable<V1Container> Containers() => Deployments().SelectMany(d => d.Spec.Template.Spec.Containers);

    private static Dictionary<string, string> Env(V1Container c) => c.Env.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    [Fact]
    public void Every_manifest_parses_into_typed_objects_whose_selectors_match()
    {
        var all = Manifests();
        Assert.Equal(["Deployment", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "PodDisruptionBudget", "Service", "Service"],
            all.Select(o => ((IKubernetesObject)o).Kind).Order(StringComparer.Ordinal));
        var pods = Deployments().Select(d => d.Spec.Template.Metadata.Labels).ToList();
        foreach (var d in Deployments()) Assert.True(Matches(d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels), d.Metadata.Name);
        foreach (var s in all.OfType<V1Service>()) Assert.Single(pods, p => Matches(s.Spec.Selector, p));
        foreach (var b in all.OfType<V1PodDisruptionBudget>()) Assert.Single(pods, p => Matches(b.Spec.Selector.MatchLabels, p));
        var hpa = Assert.Single(all.OfType<V2HorizontalPodAutoscaler>());
        Assert.Contains(Deployments(), d => d.Metadata.Name == hpa.Spec.ScaleTargetRef.Name);
        // The fan-out Service is headless: one DNS address per ready pod, which the gateway expands.
        var fanOut = all.OfType<V1Service>().Single(s => s.Metadata.Name == "inference-replicas");
        Assert.Equal("None", fanOut.Spec.ClusterIP);
        var gateway = Env(Containers().Single(c => Env(c).ContainsKey("Backends__replicas__Endpoints__0")));
        Assert.Equal(new Uri(gateway["Backends__replicas__Endpoints__0"]).Host, fanOut.Metadata.Name);
        Assert.Equal("true", gateway["Backends__replicas__ResolveAllAddresses"]);
    }

    [Fact]
    public void Probes_call_endpoints_the_server_maps_on_the_port_it_listens_on()
    {
        var app = InferenceServerApp.Build(["--host", "127.0.0.1", "--port", "0"]);
        var gets = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        foreach (var container in Containers())
        {
            var port = Assert.Single(container.Ports);
            Assert.Equal(int.Parse(Env(container)["Server__Port"], System.Globalization.CultureInfo.InvariantCulture), port.ContainerPort);
            Assert.Equal("0.0.0.0", Env(container)["Server__Host"]);
            foreach (var probe in (V1Probe[])[container.StartupProbe, container.ReadinessProbe, container.LivenessProbe])
            {
                Assert.Contains(probe.HttpGet.Path, gets);
                Assert.Equal(port.Name, probe.HttpGet.Port.Value);
            }
            Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        }
        foreach (var service in Manifests().OfType<V1Service>())
            Assert.All(service.Spec.Ports, p => Assert.Contains(Containers(), c => c.Ports.Any(cp => cp.Name == p.TargetPort.Value)));
    }

    [Fact]
    public void Every_environment_variable_binds_onto_an_option_the_server_reads_and_passes_its_validation()
    {
        var sections = new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [ServerOptions.Section] = typeof(ServerOptions),
            [LimitsOptions.Section] = typeof(LimitsOptions),
            [SchedulerLimitsOptions.Section] = typeof(SchedulerLimitsOptions),
            [ModelsOptions.Section] = typeof(ModelsOptions),
            [ScaleOutOptions.Section] = typeof(ScaleOutOptions),
            [BackendsOptions.Section] = typeof(BackendsOptions),
        };
        foreach (var container in Containers())
        {
            // Environment variables as the host reads them: "__" separates sections.
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(container.Env.Select(e => KeyValuePair.Create(e.Name.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
                .Build();
            foreach (var section in configuration.GetChildren())
            {
                Assert.True(sections.TryGetValue(section.Key, out var type), $"{section.Key} is no section the server binds");
                var bound = section.Get(type, o => o.ErrorOnUnknownConfiguration = true);
                Assert.NotNull(bound);
                var problems = bound switch
                {
                    BackendsOptions b => new BackendsOptionsValidator().Validate(null, b).Failures,
                    ScaleOutOptions s => new ScaleOutOptionsValidator().Validate(null, s).Failures,
                    _ => null,
                };
                Assert.Null(problems);
            }
        }
    }

    [Fact]
    public async Task The_gateway_serves_its_model_from_the_replicas_without_loading_it()
    {
        var gateway = Containers().Single(c => Env(c).ContainsKey("Backends__replicas__Endpoints__0"));
        var settings = gateway.Env.ToDictionary(e => e.Name.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value, StringComparer.Ordinal);
        await using var provider = BackendServices.Build(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var catalog = new Models.ModelCatalog(
            Microsoft.Extensions.Options.Options.Create(configuration.GetSection(ModelsOptions.Section).Get<ModelsOptions>()!),
            Microsoft.Extensions.Options.Options.Create(new TestTimeScalingServerOptions()));
        Assert.Null(catalog.ConfigurationError);
        Assert.Empty(catalog.Specs);
        var model = Assert.Single(catalog.Models);
        Assert.True(model.IsRemote);
        Assert.Equal("arith-reward", model.RewardFolder?.Name);
        var pools = provider.GetRequiredService<ScaleOut.BackendPools>();
        Assert.Empty(pools.Problems([model.Id], catalog.Remote));
        Assert.True(pools.Proxies(model.Id, model.IsRemote, [model.Id]));
    }

    [Fact]
    public void The_termination_grace_covers_the_prestop_pause_and_the_servers_drain_timeout()
    {
        foreach (var deployment in Deployments())
        {
            var pod = deployment.Spec.Template.Spec;
            var container = Assert.Single(pod.Containers);
            var drain = double.Parse(Env(container)["Server__DrainTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture);
            var pause = container.Lifecycle.PreStop.Sleep.Seconds;
            Assert.True(pause >= 1, "a preStop pause lets endpoints stop routing to the pod before it drains");
            Assert.True(pod.TerminationGracePeriodSeconds >= pause + drain,
                $"{deployment.Metadata.Name}: terminationGracePeriodSeconds {pod.TerminationGracePeriodSeconds} < preStop {pause} s + drain {drain} s");
        }
    }

    [Fact]
    public async Task The_autoscaler_scales_on_a_metric_the_server_exports()
    {
        var metric = Assert.Single(Manifests().OfType<V2HorizontalPodAutoscaler>().Single().Spec.Metrics).Pods.Metric.Name;
        var exported = await server.Http.GetStringAsync("metrics");
        Assert.Matches(new Regex($"^# TYPE {metric} gauge$", RegexOptions.Multiline), exported);
        Assert.Matches(new Regex($"^{metric}\\{{model=\"{server.Model}\"\\}} ", RegexOptions.Multiline), exported);
    }

    [Fact]
    public void The_dockerfile_builds_both_flavours_and_runs_the_server_on_the_manifests_port()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        Assert.Equal(["build", "cpu", "cuda"], Regex.Matches(dockerfile, @"^FROM \S+ AS (\w+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
        Assert.Contains("-p:OnnxRuntimeFlavor=Cpu", dockerfile);
        Assert.Contains("-p:OnnxRuntimeFlavor=Cuda", dockerfile);
        var dll = typeof(InferenceServerApp).Assembly.GetName().Name + ".dll";
        Assert.Equal(2, Regex.Matches(dockerfile, $"^ENTRYPOINT \\[\"dotnet\", \"{Regex.Escape(dll)}\"\\]$", RegexOptions.Multiline).Count);
        var port = Containers().Select(c => c.Ports.Single().ContainerPort).Distinct().Single();
        Assert.Equal(2, Regex.Matches(dockerfile, $"^EXPOSE {port}$", RegexOptions.Multiline).Count);
        Assert.Equal(2, Regex.Matches(dockerfile, $"Server__Port={port}").Count);
        Assert.True(Directory.Exists(Path.Combine(Root, "models", "arith-lm")), "the image copies the bundled models");
    }

    private static bool Matches(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
