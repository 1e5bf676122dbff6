using System.CommandLine;
using Inference.Bench.Constraints;
using Inference.Bench.Engine;
using Inference.Engine.Constraints;

namespace Inference.Bench.Commands;

/// <summary>
/// `constrained`: JSON Schema constrained decoding at a real vocabulary: schema compile time (50 properties), the mask's
/// cost per row-token in the sampler, and decode tokens/s with vs without the constraint on the same rows.
/// </summary>
internal static class ConstrainedCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model")
        {
            Description = "Model folder with a real vocabulary; build one with: /usr/bin/python3 tests/fixtures/make_bench_models.py OUT --vocab 32k",
        };
        var repeats = new Option<int>("--repeats") { Description = "Repeats of each measurement (median reported)", DefaultValueFactory = _ => 5 };
        var rows = new Option<int>("--rows") { Description = "Rows decoded together", DefaultValueFactory = _ => 16 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens per row", DefaultValueFactory = _ => 128 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = ORT default)", DefaultValueFactory = _ => 0 };
        var quick = new Option<bool>("--quick") { Description = "A smoke run (1 repeat, few tokens; the numbers are not meaningful)" };
        var command = new Command("constrained", "JSON Schema constrained decoding: compile time, mask cost, decode tokens/s vs unconstrained")
        {
            model, repeats, rows, tokens, threads, quick,
        };
        command.SetAction(parse => Run(parse.GetValue(model), parse.GetValue(repeats), parse.GetValue(rows), parse.GetValue(tokens),
            parse.GetValue(threads), parse.GetValue(quick)).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> Run(string? folder, int repeats, int rows, int tokens, int threads, bool quick)
    {
        if (folder is null)
        {
            Console.Error.WriteLine("--model is required: a model with a real vocabulary, e.g. the 32k-token GQA export built by");
            Console.Error.WriteLine("  /usr/bin/python3 tests/fixtures/make_bench_models.py /tmp/bench32k --vocab 32k");
            return 1;
        }
        if (repeats < 1 || rows < 1 || tokens < 1) { Console.Error.WriteLine("--repeats, --rows and --tokens must be >= 1"); return 1; }
        if (quick) (repeats, tokens) = (1, 16);
        using var package = BenchModel.Load(folder, threads);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var vocabulary = ConstraintVocabulary.For(package.Tokenizer, package.Descriptor.VocabSize);
        Console.WriteLine($"vocabulary: {vocabulary.Size} logits, {vocabulary.UsableCount} tokens usable in a grammar, token bytes and trie built once " +
                          $"in {watch.Elapsed.TotalMilliseconds:F0} ms; median of {repeats} runs");

        var (compile, bind, firstMask) = SchemaCompileBenchmark.Milliseconds(vocabulary, repeats);
        Console.WriteLine($"50-property schema: compile {compile:F2} ms, bind to the vocabulary {bind:F2} ms, first mask {firstMask:F2} ms");

        var (start, inString) = MaskBenchmark.ColdMaskMilliseconds(vocabulary, repeats);
        Console.WriteLine($"a state's first mask (trie walk): document start {start:F2} ms, inside a string {inString:F2} ms");
        var (free, masked) = MaskBenchmark.SamplerMicroseconds(vocabulary, rows, quick ? 8 : 64, repeats);
        Console.WriteLine($"sampler per row-token ({rows} rows, synthetic logits): unconstrained {free:F2} us, constrained {masked:F2} us " +
                          $"(mask and grammar step {masked - free:F2} us)");

        Console.WriteLine("decode, constrained vs unconstrained");
        var ratio = await ConstrainedDecodingBenchmark.RunAsync(package, rows, tokens, repeats);
        Console.WriteLine();
        Console.WriteLine(ratio);
        return 0;
    }
}
