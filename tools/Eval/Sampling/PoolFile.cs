using System.Text.Json;
using Inference.Eval.Data;

namespace Inference.Eval.Sampling;

/// <summary>
/// The sample pool as JSONL, one problem per line (schedule, id, prompt, reference, samples[]), so metrics can be
/// recomputed without sampling again (--from-pool).
/// </summary>
public static class PoolFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize(PoolProblem problem) => JsonSerializer.Serialize(problem, Json);

    public static void Write(string path, IEnumerable<PoolProblem> problems)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllLines(path, problems.Select(Serialize));
    }

    public static IReadOnlyList<PoolProblem> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidEvalInputException($"The pool file '{path}' does not exist.");
        var problems = new List<PoolProblem>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            PoolProblem? problem;
            try
            {
                problem = JsonSerializer.Deserialize<PoolProblem>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidEvalInputException($"{path}:{lineNumber}: not a pool line ({ex.Message}).");
            }
            if (problem is null || problem.Samples is null || problem.Samples.Count == 0 || problem.Schedule is null || problem.Id is null)
                throw new InvalidEvalInputException($"{path}:{lineNumber}: a pool line needs schedule, id and at least one sample.");
            problems.Add(problem);
        }
        if (problems.Count == 0) throw new InvalidEvalInputException($"The pool file '{path}' is empty.");
        return problems;
    }
}
