using System.Net;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>
/// The contract of /metrics with dashboards and alerts: every metric family's name, type and label names, as
/// Prometheus reads them from a real scrape after traffic that touches each one (a plain request, a selection with a
/// verifier that fails, a client that hangs up mid-stream). Renaming an instrument or a label fails here.
/// </summary>
public sealed class MetricNamesTests(DefaultServer server) : IClassFixture<DefaultServer>
{
    private static readonly Dictionary<string, (string Type, string[] Labels)> Pinned = new()
    {
        ["inference_http_requests_total"] = ("counter", ["route", "status"]),
        ["inference_http_request_duration_seconds"] = ("histogram", ["route"]),
        ["inference_time_to_first_token_seconds"] = ("histogram", ["model"]),
        ["inference_samples_per_request"] = ("histogram", ["model"]),
        ["inference_completion_tokens_total"] = ("counter", ["model"]),
        ["inference_selection_total"] = ("counter", ["strategy"]),
        ["inference_verifier_unverified_total"] = ("counter", ["verifier"]),
        ["inference_client_disconnects_total"] = ("counter", ["model"]),
        ["inference_model_ready"] = ("gauge", ["model"]),
        ["inference_queue_depth"] = ("gauge", ["model"]),
        ["inference_batch_rows"] = ("gauge", ["model"]),
        ["inference_kv_reserved_tokens"] = ("gauge", ["model"]),
        ["inference_tokens_generated_total"] = ("counter", ["model"]),
        ["inference_decode_steps_total"] = ("counter", ["model"]),
    };

    [Fact]
    public async Task Every_metric_family_has_its_pinned_name_type_and_labels()
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("v1/chat/completions", Api.Chat())).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("v1/chat/completions",
            Api.Chat("\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":2,\"verifiers\":[\"offline\"]}"))).Status);
        await using (var gate = await DecodeLoopGate.HoldAsync(server))
        {
            await ClientHangUp.MidStreamAsync(server, gate, Api.Chat("\"n\":4,\"ignore_eos\":true,\"stream\":true").Replace("\"max_tokens\":4", "\"max_tokens\":64"));
            await Eventually.TrueAsync(async () => (await ScrapeAsync()).Families.ContainsKey("inference_client_disconnects_total"), "the disconnect being counted");
        }

        var scrape = await ScrapeAsync();
        var ours = scrape.Families.Values.Where(f => f.Name.StartsWith("inference_", StringComparison.Ordinal)).ToList();
        Assert.Equal(Pinned.Keys.Order(StringComparer.Ordinal), ours.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var family in ours)
        {
            var (type, labels) = Pinned[family.Name];
            Assert.True(type == family.Type, $"{family.Name} is a {family.Type}, pinned as a {type}");
            Assert.False(string.IsNullOrWhiteSpace(family.Help), $"{family.Name} has no HELP");
            Assert.NotEmpty(family.Samples);
            foreach (var sample in family.Samples)
            {
                var expected = type == "histogram" && sample.Name == family.Name + "_bucket" ? [.. labels, "le"] : labels;
                Assert.True(expected.Order().SequenceEqual(sample.Labels.Keys.Order()),
                    $"{sample.Name} has labels [{string.Join(", ", sample.Labels.Keys)}], pinned [{string.Join(", ", expected)}]");
            }
            if (type == "histogram")
                Assert.Equal(["_bucket", "_count", "_sum"], family.Samples.Select(s => s.Name[family.Name.Length..]).Distinct().Order());
        }

        // Only target_info (the service's identity, as OpenTelemetry exports it) besides our own.
        Assert.Equal(["target_info"], scrape.Families.Keys.Where(n => !n.StartsWith("inference_", StringComparison.Ordinal)));
        Assert.Equal("inference-server", scrape.Samples.Single(s => s.Name == "target_info").Labels["service_name"]);
        Assert.Equal(1, scrape.Value("inference_client_disconnects_total", ("model", TestModels.Id)));
        Assert.Equal(2, scrape.Value("inference_verifier_unverified_total", ("verifier", "offline")));
    }

    [Fact]
    public void The_README_lists_the_pinned_metrics()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("### Metrics", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 1, StringComparison.Ordinal)];
        var rows = section.Split('\n').Where(l => l.StartsWith("| `inference_", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(cells => cells[1].Trim('`'), cells => (cells[2], cells[3].Split(',', StringSplitOptions.TrimEntries).Select(c => c.Trim('`')).ToArray()));
        Assert.Equal(Pinned.Keys.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (type, labels)) in Pinned)
        {
            Assert.Equal(type, rows[name].Item1);
            Assert.Equal(labels, rows[name].Item2);
        }
    }

    private async Task<PrometheusExposition> ScrapeAsync() => PrometheusExposition.Parse(await server.Http.GetStringAsync("metrics"));
}
