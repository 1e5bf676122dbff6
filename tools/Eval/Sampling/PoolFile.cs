using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Inference.Eval.Data;

namespace Inference.Eval.Sampling;

/// <summary>
/// The sample pool as JSONL, one problem per line (schedule, id, prompt, reference, samples[]), so metrics can be
/// recomputed without sampling again (--from-pool). A path ending in ".gz" is read and written gzip-compressed.
/// </summary>
public static class PoolFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize(PoolProblem problem) => JsonSerializer.Serialize(problem, Json);

    public static void Write(string path, IEnumerable<PoolProblem> problems)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var writer = Writer(path, append: false);
        foreach (var problem in problems) writer.WriteLine(Serialize(problem));
    }

    /// <summary>Adds problems to a pool file (a gzip file gets another gzip member, which readers concatenate).</summary>
    public static void Append(string path, IEnumerable<PoolProblem> problems)
    {
        using var writer = Writer(path, append: true);
        foreach (var problem in problems) writer.WriteLine(Serialize(problem));
    }

    private static StreamWriter Writer(string path, bool append)
    {
        Stream stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write);
        if (IsCompressed(path)) stream = new GZipStream(stream, CompressionLevel.SmallestSize);
        return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Lines(string path)
    {
        Stream stream = File.OpenRead(path);
        if (IsCompressed(path)) stream = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line) yield return line;
    }

    public static IReadOnlyList<PoolProblem> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidEvalInputException($"The pool file '{path}' does not exist.");
        var problems = new List<PoolProblem>();
        var lineNumber = 0;
        foreach (var line in Lines(path))
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
