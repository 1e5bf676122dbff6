using System.CommandLine;
using Inference.Bench.Sampling;

namespace Inference.Bench.Commands;

/// <summary>`sampler`: the sampler's own time per row-token at real vocabulary sizes, one thread and in parallel.</summary>
internal static class SamplerCommand
{
    public static Command Create()
    {
        var vocabularies = new Option<int[]>("--vocab") { Description = "Vocabulary sizes", DefaultValueFactory = _ => [32_000, 152_064], AllowMultipleArgumentsPerToken = true };
        var rows = new Option<int>("--rows") { Description = "Rows sampled together", DefaultValueFactory = _ => 16 };
        var steps = new Option<int>("--steps") { Description = "Steps (tokens per row) per run", DefaultValueFactory = _ => 64 };
        var repeats = new Option<int>("--repeats") { Description = "Runs per setting (median reported)", DefaultValueFactory = _ => 5 };
        var quick = new Option<bool>("--quick") { Description = "A smoke run (1 repeat, 4 steps)" };
        var command = new Command("sampler", "The sampler's time per row-token at real vocabularies") { vocabularies, rows, steps, repeats, quick };
        command.SetAction(parse =>
        {
            var isQuick = parse.GetValue(quick);
            Run(parse.GetValue(vocabularies)!, parse.GetValue(rows), isQuick ? 4 : parse.GetValue(steps), isQuick ? 1 : parse.GetValue(repeats));
            return 0;
        });
        return command;
    }

    private static void Run(int[] vocabularies, int rows, int steps, int repeats)
    {
        Console.WriteLine($"sampler: {rows} rows x {steps} steps, median of {repeats} runs, microseconds per row-token ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"{"vocabulary",10} {"setting",-28} {"1 thread",10} {"parallel",10}");
        foreach (var vocab in vocabularies)
            foreach (var (name, p) in SamplerBenchmark.Settings)
            {
                var single = SamplerBenchmark.Measure(vocab, rows, steps, p, 1, repeats);
                var parallel = SamplerBenchmark.Measure(vocab, rows, steps, p, 0, repeats);
                Console.WriteLine($"{vocab,10} {name,-28} {single,10:F2} {parallel,10:F2}");
            }
    }
}
