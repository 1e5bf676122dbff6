using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntimeGenAI;

// Decode tokens per second of onnxruntime-genai on one model, for `tools/Bench peer` (which starts this process):
//   Inference.GenAiPeer <model-dir> <rows> <prompt-ids comma-separated> <new-tokens> <top-k> <temperature> <threads>
// The model folder is copied as links with genai_config.json rewritten for the thread count; the prompt runs in a
// batch of <rows> identical rows; EOS is disabled (min_length = max_length). Prints one JSON line.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: Inference.GenAiPeer <model-dir> <rows> <prompt-ids> <new-tokens> <top-k> <temperature> <threads>");
    return 2;
}
var source = Path.GetFullPath(args[0]);
var rows = int.Parse(args[1], CultureInfo.InvariantCulture);
var prompt = args[2].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var newTokens = int.Parse(args[3], CultureInfo.InvariantCulture);
var topK = int.Parse(args[4], CultureInfo.InvariantCulture);
var temperature = double.Parse(args[5], CultureInfo.InvariantCulture);
var threads = int.Parse(args[6], CultureInfo.InvariantCulture);

var folder = Directory.CreateTempSubdirectory("genai-peer-").FullName;
try
{
    foreach (var file in Directory.GetFiles(source))
        if (Path.GetFileName(file) != "genai_config.json") File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), file);
    var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "genai_config.json")))!;
    var sessionOptions = config["model"]!["decoder"]!["session_options"]!.AsObject();
    sessionOptions["intra_op_num_threads"] = threads;
    sessionOptions["inter_op_num_threads"] = 1;
    File.WriteAllText(Path.Combine(folder, "genai_config.json"), config.ToJsonString());

    using var model = new Model(folder);
    using var parameters = new GeneratorParams(model);
    var maxLength = prompt.Length + newTokens;
    parameters.SetSearchOption("max_length", maxLength);
    parameters.SetSearchOption("min_length", maxLength);
    parameters.SetSearchOption("batch_size", rows);
    parameters.SetSearchOption("do_sample", temperature > 0);
    parameters.SetSearchOption("top_k", topK);
    parameters.SetSearchOption("top_p", 1.0);
    parameters.SetSearchOption("temperature", temperature > 0 ? temperature : 1.0);
    parameters.SetSearchOption("random_seed", 7);
    using var generator = new Generator(model, parameters);
    var batch = Enumerable.Range(0, rows).SelectMany(_ => prompt).ToArray();
    var prefill = Stopwatch.StartNew();
    generator.AppendTokens(batch);
    prefill.Stop();
    // The first new token of every row comes from the prefill's logits; the timed steps each run the graph once.
    var decode = Stopwatch.StartNew();
    var steps = 0;
    while (!generator.IsDone())
    {
        generator.GenerateNextToken();
        steps++;
    }
    decode.Stop();
    var generated = generator.GetSequence(0).ToArray().Length - prompt.Length;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        rows, prompt_tokens = prompt.Length, generated, steps,
        prefill_seconds = prefill.Elapsed.TotalSeconds,
        decode_seconds = decode.Elapsed.TotalSeconds,
        decode_tokens_per_second = rows * (steps - 1) / decode.Elapsed.TotalSeconds,
    }));
    return 0;
}
finally
{
    Directory.Delete(folder, recursive: true);
}
