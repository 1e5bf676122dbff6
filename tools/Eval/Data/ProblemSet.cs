using System.Text.Json;

namespace Inference.Eval.Data;

/// <summary>Reads a JSONL dataset: {"id", "prompt", "answer"} per line ("id" optional; other fields ignored).</summary>
public static class ProblemSet
{
    public static IReadOnlyList<EvalProblem> Load(string path, int? limit = null)
    {
        if (!File.Exists(path)) throw new InvalidEvalInputException($"The dataset '{path}' does not exist.");
        var problems = new List<EvalProblem>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (limit is { } max && problems.Count >= max) break;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var prompt = Required(root, "prompt");
                var answer = root.TryGetProperty("answer", out var a) ? a.ValueKind switch
                {
                    JsonValueKind.String => a.GetString()!,
                    JsonValueKind.Number => a.GetRawText(),
                    _ => throw new InvalidEvalInputException($"{path}:{lineNumber}: \"answer\" must be a string or a number."),
                } : throw new InvalidEvalInputException($"{path}:{lineNumber}: missing \"answer\".");
                var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : $"line-{lineNumber}";
                problems.Add(new EvalProblem(id, prompt, answer));
            }
            catch (JsonException ex)
            {
                throw new InvalidEvalInputException($"{path}:{lineNumber}: not JSON ({ex.Message}).");
            }
            catch (KeyNotFoundException ex)
            {
                throw new InvalidEvalInputException($"{path}:{lineNumber}: {ex.Message}");
            }
        }
        if (problems.Count == 0) throw new InvalidEvalInputException($"The dataset '{path}' has no problems.");
        return problems;

        static string Required(JsonElement root, string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new KeyNotFoundException($"\"{name}\" must be a string.");
    }
}
