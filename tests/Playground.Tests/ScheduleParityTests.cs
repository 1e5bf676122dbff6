using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Protocol;
using Inference.Pipeline.Requests;

namespace Inference.Playground.Tests;

/// <summary>
/// The page plots the temperature schedule it will send. Its formulas (playground/schedule.js, run in the browser)
/// must give the server's values: each spec goes through the server's own parser (defaults included) and the engine's
/// schedule, token by token, over a grid of parameters.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class ScheduleParityTests(PlaygroundServer server, BrowserSession browser)
{
    private const int Tokens = 600;

    private static readonly JsonSerializerOptions Wire = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [BrowserFact]
    public void Every_schedule_in_the_page_gives_the_engines_temperature_for_every_token()
    {
        var specs = Grid().ToList();
        browser.Driver.Navigate().GoToUrl(server.BaseAddress);
        var json = (string?)browser.Driver.ExecuteAsyncScript("""
            const [specs, tokens, done] = arguments;
            import('./playground/schedule.js')
              .then(m => done(JSON.stringify(JSON.parse(specs).map(s => m.temperatures(s, tokens)))))
              .catch(e => done('error: ' + e));
            """, new JsonArray(specs.ToArray()).ToJsonString(), Tokens);
        Assert.NotNull(json);
        Assert.False(json.StartsWith("error", StringComparison.Ordinal), json);
        var page = JsonSerializer.Deserialize<double[][]>(json)!;
        Assert.Equal(specs.Count, page.Length);

        var worst = 0.0;
        for (var i = 0; i < specs.Count; i++)
        {
            var schedule = ScalingResolution.Schedule(specs[i].Deserialize<TemperatureScheduleRequest>(Wire))!;
            // Only exp, cos and pow can differ, by the last bit, between V8's math library and the C runtime's.
            var exact = schedule.Name is "constant" or "linear";
            for (var t = 0; t < Tokens; t++)
            {
                var expected = schedule.At(t);
                var difference = Math.Abs(page[i][t] - expected);
                worst = Math.Max(worst, difference);
                if (exact ? difference != 0 : difference > 1e-12 * Math.Max(1, Math.Abs(expected)))
                    Assert.Fail($"{specs[i].ToJsonString()} at token {t}: page {page[i][t].ToString("R", CultureInfo.InvariantCulture)}, " +
                                $"server {expected.ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
        Assert.True(worst <= 1e-12, $"largest difference {worst}");
    }

    /// <summary>Each schedule type over its parameters, with the server's defaults (fields left out) included.</summary>
    private static IEnumerable<JsonObject> Grid()
    {
        yield return new JsonObject { ["type"] = "constant" };
        foreach (var temperature in new[] { 0, 0.7, 1.3 })
            yield return new JsonObject { ["type"] = "constant", ["temperature"] = temperature };

        yield return new JsonObject { ["type"] = "ead" };
        foreach (var max in new[] { 1.2, 2.0 })
        foreach (var min in new[] { 0.1, 0.8 })
        foreach (var decay in new[] { 1.0, 5, 25, 100 })
        foreach (var scale in new[] { 1.0, 20 })
        foreach (var warmup in new[] { 0, 10 })
            yield return new JsonObject
            {
                ["type"] = "ead", ["max_temperature"] = max, ["min_temperature"] = min, ["decay"] = decay, ["scale"] = scale, ["warmup_tokens"] = warmup,
            };

        foreach (var type in new[] { "linear", "cosine" })
        foreach (var (start, end) in new[] { (1.5, 0.1), (0.2, 1.0), (0.7, 0.7) })
        foreach (var tokens in new[] { 1, 50, 333 })
            yield return new JsonObject { ["type"] = type, ["start"] = start, ["end"] = end, ["tokens"] = tokens };

        foreach (var start in new[] { 1.5, 0.9 })
        foreach (var rate in new[] { 0.9, 0.99, 1.0 })
        {
            yield return new JsonObject { ["type"] = "exponential", ["start"] = start, ["rate"] = rate };
            yield return new JsonObject { ["type"] = "exponential", ["start"] = start, ["rate"] = rate, ["min"] = 0.2 };
        }
    }
}
