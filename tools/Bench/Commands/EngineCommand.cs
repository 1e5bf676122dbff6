using System.CommandLine;
using Inference.Bench.Engine;

namespace Inference.Bench.Commands;

/// <summary>
/// `engine`: the engine benchmarks of the batching issue, each a ratio measured side by side in one run:
/// (a) batched vs sequential sampling, (b) engine vs a raw ONNX Runtime loop, (c) continuous batching vs serial.
/// </summary>
internal static class EngineCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder (default: models/arith-lm, else the tiny test Llama)" };
        var repeats = new Option<int>("--repeats") { Description = "Repeats of each side-by-side measurement", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = ORT default)", DefaultValueFactory = _ => 0 };
        var quick = new Option<bool>("--quick") { Description = "A smoke run of seconds (small sizes, 1 repeat; the ratios are not meaningful)" };
        var only = new Option<string[]>("--only") { Description = "Run only these: batched, raw, continuous, reject, ceiling", AllowMultipleArgumentsPerToken = true };
        var command = new Command("engine", "Engine benchmarks: batched vs sequential, engine vs raw ORT loop, continuous batching vs serial")
        {
            model, repeats, threads, quick, only,
        };
        command.SetAction(parse => Run(parse.GetValue(model), parse.GetValue(repeats), parse.GetValue(threads), parse.GetValue(quick),
            parse.GetValue(only) ?? []).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> Run(string? folder, int repeats, int threads, bool quick, string[] only)
    {
        if (repeats < 1) { Console.Error.WriteLine("--repeats must be >= 1"); return 1; }
        using var package = BenchModel.Load(folder, threads);
        if (quick) repeats = 1;
        var room = package.Descriptor.ContextLength - BenchModel.Prompt(package).Length;
        var tokens = Math.Min(quick ? 8 : 128, room);
        if (tokens < (quick ? 8 : 128)) Console.WriteLine($"tokens per sample: {tokens} (the model's context leaves no room for more)");
        bool Wanted(string name) => only.Length == 0 || only.Contains(name);
        var results = new List<RatioSeries>();
        if (Wanted("batched"))
        {
            Console.WriteLine("(a) batched vs sequential");
            results.Add(await BatchedSamplingBenchmark.RunAsync(package, quick ? 4 : 16, tokens, repeats));
        }
        if (Wanted("raw"))
        {
            Console.WriteLine("(b) engine vs raw ONNX Runtime loop");
            results.Add(await RawLoopBenchmark.RunAsync(package, quick ? 4 : 16, tokens, repeats));
        }
        if (Wanted("continuous"))
        {
            Console.WriteLine("(c) continuous batching vs serial");
            results.Add(await ContinuousBatchingBenchmark.RunAsync(package, quick ? 2 : 8, quick ? 2 : 4, tokens, repeats));
        }
        if (Wanted("reject"))
        {
            Console.WriteLine("(d) stopped rows leave at the next step");
            // The stop comes a quarter in and two windows of steps are timed around it: even a smoke run needs 64 tokens
            // (the step counter is polled, and a few-token request ends between two polls).
            results.Add(await RejectionBenchmark.RunAsync(package, Math.Min(Math.Max(tokens, 64), room), repeats));
        }
        if (Wanted("ceiling"))
        {
            Console.WriteLine("hardware ceiling (raw ONNX Runtime loop at several batch sizes)");
            RawLoopBenchmark.PrintCeilings(package, tokens, repeats);
        }
        Console.WriteLine();
        foreach (var result in results) Console.WriteLine(result);
        return 0;
    }
}
