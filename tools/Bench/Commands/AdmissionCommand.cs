using System.CommandLine;
using Inference.Bench.Engine;

namespace Inference.Bench.Commands;

/// <summary>`admission`: a request's admission time into a running batch holding ~1k vs ~64k cached positions.</summary>
internal static class AdmissionCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder with a context of at least 4200 (tests/fixtures/make_bench_models.py --context 8192)", Required = true };
        var repeats = new Option<int>("--repeats") { Description = "Side-by-side runs (median reported)", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = ORT default)", DefaultValueFactory = _ => 0 };
        var command = new Command("admission", "Admission time into a running batch holding ~1k vs ~64k cached positions") { model, repeats, threads };
        command.SetAction(parse =>
        {
            using var package = BenchModel.Load(parse.GetValue(model), parse.GetValue(threads));
            var results = AdmissionBenchmark.RunAsync(package, parse.GetValue(repeats)).GetAwaiter().GetResult();
            Console.WriteLine();
            foreach (var result in results) Console.WriteLine(result);
            return 0;
        });
        return command;
    }
}
