using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Inference.Server.Hosting;
using Inference.Server.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Inference.Playground.Tests;

/// <summary>How the server ships the page, and the two API additions the page relies on (no browser needed).</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundHostingTests(PlaygroundServer server)
{
    [Fact]
    public async Task The_page_and_its_assets_load_without_a_key_under_a_strict_content_security_policy()
    {
        using var page = await server.Http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await page.Content.ReadAsStringAsync();

        var assets = Regex.Matches(html, """(?:src|href)="([^"#]+)" """.Trim()).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("playground/app.js", assets);
        foreach (var asset in assets)
        {
            Assert.DoesNotMatch("^(https?:)?//", asset); // offline: nothing from another host
            using var response = await server.Http.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
        }

        // The API behind the page still needs the key.
        using var models = await server.Http.GetAsync("v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
    }

    [Fact]
    public void No_script_of_the_page_parses_strings_as_html()
    {
        var assembly = typeof(InferenceServerApp).Assembly;
        var scripts = assembly.GetManifestResourceNames().Where(n => n.StartsWith("playground.", StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal)).ToList();
        Assert.Contains("playground.app.js", scripts);
        foreach (var name in scripts)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var code = reader.ReadToEnd();
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
                Assert.False(code.Contains(sink, StringComparison.Ordinal), $"{name} uses {sink}");
            Assert.DoesNotContain("localStorage", code);
        }
    }

    [Fact]
    public async Task The_model_list_names_the_verifiers_a_request_may_use()
    {
        var models = JsonNode.Parse(await server.Authorized.GetStringAsync("v1/models"))!["data"]!.AsArray();
        var card = models.Single(m => (string?)m!["id"] == PlaygroundServer.LanguageModel)!;
        var verifiers = card["verifiers"]!.AsArray().Select(v => ((string)v!["type"]!, (string?)v["name"])).ToList();
        Assert.Equal(
            [("reward_model", "reward_model"), ("reference_answer", "reference_answer"), ("regex", null), ("json_schema", null), ("external", "checker")],
            verifiers);

        // Each named one is accepted by name in a request (checked by the parser without sampling: k > samples fails after it).
        foreach (var name in verifiers.Where(v => v.Item2 is not null && v.Item1 != "external").Select(v => v.Item2))
        {
            var body = $$$"""{"model":"{{{PlaygroundServer.LanguageModel}}}","messages":[{"role":"user","content":"1+1"}],"max_tokens":4,"test_time_scaling":{"samples":1,"k":2,"verifiers":["{{{name}}}"],"reference_answer":"2"}}""";
            using var reply = await server.Authorized.PostAsync("v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var error = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal("test_time_scaling.k", (string?)error["param"]);
        }
    }

    [Fact]
    public async Task Streamed_progress_counts_samples_and_tokens_up_to_the_usage_total()
    {
        var body = $$$"""{"model":"{{{PlaygroundServer.LanguageModel}}}","messages":[{"role":"user","content":"Compute 2+3*4."}],"max_tokens":48,"seed":5,"stream":true,"stream_options":{"include_usage":true},"test_time_scaling":{"strategy":"majority","samples":6}}""";
        var (response, sse) = await Sse.PostAsync(server.Authorized, "v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var progress = sse.Comments.Select(c => Regex.Match(c, @"^: progress stage=(\w+) samples=(\d+)/(\d+) tokens=(\d+)$")).ToList();
        Assert.All(progress, m => Assert.True(m.Success));
        var tokens = progress.Select(m => int.Parse(m.Groups[4].Value)).ToList();
        Assert.Equal(tokens.Order(), tokens);
        var last = progress.Last(m => m.Groups[1].Value == "sampling");
        Assert.Equal("6", last.Groups[2].Value);
        var usage = sse.Chunks[^1]["usage"]!;
        Assert.Equal((int)usage["completion_tokens"]!, int.Parse(last.Groups[4].Value));
    }

    [Fact]
    public async Task Server_Playground_false_leaves_the_page_out()
    {
        await using var app = InferenceServerApp.Build(["--model", Inference.Server.Tests.TestModels.LanguageModel, "--reward-model", "none",
            "--Server:Playground=false", "--Logging:LogLevel:Default=Warning"], builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        using var http = app.GetTestClient();
        using var page = await http.GetAsync("");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var asset = await http.GetAsync("playground/app.js");
        Assert.Equal(HttpStatusCode.NotFound, asset.StatusCode);
        await app.StopAsync();
    }
}
