using System.CommandLine;
using Inference.Bench.Peer;

namespace Inference.Bench.Commands;

/// <summary>`peer`: our engine beside onnxruntime-genai 0.20 (tools/GenAiPeer, its own process) on one export.</summary>
internal static class PeerCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (a builder export GenAI loads)", Required = true };
        var rows = new Option<int>("--rows") { Description = "Rows (identical prompts) decoded together", DefaultValueFactory = _ => 16 };
        var prompt = new Option<int>("--prompt") { Description = "Prompt length in tokens", DefaultValueFactory = _ => 64 };
        var tokens = new Option<int>("--tokens") { Description = "New tokens per row (end-of-sequence disabled)", DefaultValueFactory = _ => 64 };
        var topK = new Option<int>("--top-k") { Description = "top_k (0: the whole vocabulary)", DefaultValueFactory = _ => 50 };
        var temperature = new Option<double>("--temperature") { Description = "0 decodes greedily", DefaultValueFactory = _ => 1.0 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads, both sides", DefaultValueFactory = _ => 2 };
        var repeats = new Option<int>("--repeats") { Description = "Side-by-side runs (median reported)", DefaultValueFactory = _ => 5 };
        var noSpinning = new Option<bool>("--no-spinning") { Description = "Our ONNX Runtime threads sleep between operators (Models:AllowSpinning false)" };
        var command = new Command("peer", "Decode tokens/s of this engine vs onnxruntime-genai 0.20 on the same export, side by side")
        {
            model, rows, prompt, tokens, topK, temperature, threads, repeats, noSpinning,
        };
        command.SetAction(parse =>
        {
            var result = PeerBenchmark.RunAsync(new PeerBenchmark.Settings(parse.GetValue(model)!, parse.GetValue(rows), parse.GetValue(prompt),
                parse.GetValue(tokens), parse.GetValue(topK), parse.GetValue(temperature), parse.GetValue(threads), parse.GetValue(repeats),
                !parse.GetValue(noSpinning))).GetAwaiter().GetResult();
            Console.WriteLine();
            Console.WriteLine(result);
            return 0;
        });
        return command;
    }
}
