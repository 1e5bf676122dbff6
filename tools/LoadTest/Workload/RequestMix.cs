using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inference.LoadTest.Workload;

/// <summary>
/// The requests a run sends, drawn by weight from a seeded generator. A mix file is JSONL, one template a line:
/// {"name": "...", "weight": 1, "path": "/v1/chat/completions", "body": {...}} (path and weight optional).
/// </summary>
public sealed class RequestMix
{
    private readonly Random random;
    private readonly double totalWeight;
    private readonly object gate = new();

    public RequestMix(IReadOnlyList<RequestTemplate> templates, int seed)
    {
        ArgumentNullException.ThrowIfNull(templates);
        if (templates.Count == 0) throw new InvalidMixException("The request mix is empty.");
        foreach (var t in templates)
            if (!(double.IsFinite(t.Weight) && t.Weight > 0)) throw new InvalidMixException($"Template '{t.Name}' has weight {t.Weight}; weights must be positive.");
        Templates = templates;
        totalWeight = templates.Sum(t => t.Weight);
        random = new Random(seed);
    }

    public IReadOnlyList<RequestTemplate> Templates { get; }

    /// <summary>The next template, by weight; thread-safe.</summary>
    public RequestTemplate Next()
    {
        double pick;
        lock (gate) pick = random.NextDouble() * totalWeight;
        foreach (var t in Templates)
        {
            pick -= t.Weight;
            if (pick < 0) return t;
        }
        return Templates[^1];
    }

    public static IReadOnlyList<RequestTemplate> Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidMixException($"The mix file '{path}' does not exist.");
        var templates = new List<RequestTemplate>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject entry;
            try
            {
                entry = JsonNode.Parse(line) as JsonObject ?? throw new InvalidMixException($"{path}:{lineNumber}: expected a JSON object.");
            }
            catch (JsonException ex)
            {
                throw new InvalidMixException($"{path}:{lineNumber}: not JSON ({ex.Message}).");
            }
            if (entry["body"] is not JsonObject body) throw new InvalidMixException($"{path}:{lineNumber}: \"body\" must be a JSON object.");
            var name = entry["name"]?.GetValue<string>() ?? $"line{lineNumber}";
            var requestPath = entry["path"]?.GetValue<string>() ?? "/v1/chat/completions";
            if (!requestPath.StartsWith('/')) throw new InvalidMixException($"{path}:{lineNumber}: \"path\" must start with '/'.");
            double weight;
            try
            {
                weight = entry["weight"]?.GetValue<double>() ?? 1.0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                throw new InvalidMixException($"{path}:{lineNumber}: \"weight\" must be a number.");
            }
            templates.Add(new RequestTemplate(name, requestPath, (JsonObject)body.DeepClone(), weight));
        }
        return templates;
    }
}
