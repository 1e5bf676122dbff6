// Checks an exported ONNX model with ONNX Runtime (the official NuGet package) against outputs PyTorch computed.
// Usage (from the repository root): dotnet run models/verify_onnx.cs -- <cases.json> [model.onnx]
// The cases file is written by export_lm.py / export_reward.py (see onnx_cases.py for its format).
// Exits 1 when any compared output differs by more than the file's tolerance or has a different shape.
#:package Microsoft.ML.OnnxRuntime@1.32.0
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property AppendRuntimeIdentifierToOutputPath=false
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: dotnet run models/verify_onnx.cs -- <cases.json> [model.onnx]");
    return 2;
}
var casesPath = Path.GetFullPath(args[0]);
using var spec = JsonDocument.Parse(File.ReadAllText(casesPath));
var root = spec.RootElement;
var modelPath = args.Length > 1 ? args[1] : Path.Combine(Path.GetDirectoryName(casesPath)!, root.GetProperty("model").GetString()!);
var tolerance = root.GetProperty("tolerance").GetDouble();

using var options = new SessionOptions { IntraOpNumThreads = 2 };
using var session = new InferenceSession(modelPath, options);
Console.WriteLine($"model {modelPath}");
Console.WriteLine($"inputs: {string.Join(", ", session.InputNames)}");
Console.WriteLine($"outputs: {string.Join(", ", session.OutputNames)}");

var results = new List<Dictionary<string, OrtValue>>();
var failed = false;
foreach (var c in root.GetProperty("cases").EnumerateArray())
{
    var name = c.GetProperty("name").GetString();
    var feeds = new Dictionary<string, OrtValue>();
    foreach (var input in c.GetProperty("inputs").EnumerateObject()) feeds[input.Name] = ToTensor(input.Value);
    if (c.TryGetProperty("past_from", out var pastFrom) && pastFrom.ValueKind == JsonValueKind.Number)
        foreach (var (output, value) in results[pastFrom.GetInt32()])
            if (output.StartsWith("present.", StringComparison.Ordinal)) feeds[output.Replace("present.", "past_key_values.")] = value;
    using var runOptions = new RunOptions();
    var outputs = session.Run(runOptions, feeds.Keys.ToArray(), feeds.Values.ToArray(), session.OutputNames.ToArray()).ToArray();
    results.Add(session.OutputNames.Zip(outputs).ToDictionary(p => p.First, p => p.Second));
    var worst = 0.0;
    var compared = c.GetProperty("compare").EnumerateArray().Select(e => e.GetString()!).ToArray();
    foreach (var output in compared)
    {
        var want = c.GetProperty("expected").GetProperty(output);
        var got = results[^1][output];
        var gotDims = got.GetTensorTypeAndShape().Shape;
        var wantDims = want.GetProperty("dims").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (!gotDims.SequenceEqual(wantDims))
        {
            Console.WriteLine($"  {name}: {output} shape [{string.Join(",", gotDims)}] != expected [{string.Join(",", wantDims)}]");
            failed = true;
            continue;
        }
        var data = Values(got);
        var diff = want.GetProperty("data").EnumerateArray().Select((v, i) => Math.Abs(data[i] - v.GetDouble())).DefaultIfEmpty(0).Max();
        if (!(diff <= tolerance)) failed = true;
        worst = Math.Max(worst, diff);
    }
    Console.WriteLine($"{name}: max |onnxruntime - pytorch| = {worst:0.000e+0} over {string.Join(", ", compared)}");
}
Console.WriteLine(failed ? $"FAIL (tolerance {tolerance})" : $"OK (tolerance {tolerance})");
return failed ? 1 : 0;

static OrtValue ToTensor(JsonElement entry)
{
    var dims = entry.GetProperty("dims").EnumerateArray().Select(d => d.GetInt64()).ToArray();
    var data = entry.GetProperty("data").EnumerateArray();
    return entry.GetProperty("dtype").GetString() switch
    {
        "int64" => OrtValue.CreateTensorValueFromMemory(data.Select(v => v.GetInt64()).ToArray(), dims),
        "int32" => OrtValue.CreateTensorValueFromMemory(data.Select(v => v.GetInt32()).ToArray(), dims),
        "float16" => OrtValue.CreateTensorValueFromMemory(data.Select(v => (Float16)(float)v.GetDouble()).ToArray(), dims),
        _ => OrtValue.CreateTensorValueFromMemory(data.Select(v => v.GetSingle()).ToArray(), dims),
    };
}

// Outputs compared as float (float16 outputs widened).
static float[] Values(OrtValue value) =>
    value.GetTensorTypeAndShape().ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16
        ? value.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h).ToArray()
        : value.GetTensorDataAsSpan<float>().ToArray();
