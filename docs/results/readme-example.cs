// The README's prompt measured over seeds with the embedded client (the same engine and pipeline as the server; the
// server gives the same outputs for the same seeds). Run from the repository root:
//   dotnet run docs/results/readme-example.cs
#:project ../../src/Client/Inference.Client.csproj
#:package Microsoft.ML.OnnxRuntime@1.32.0
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property AppendRuntimeIdentifierToOutputPath=false
using Inference.Client;
using Inference.Engine.Packages;
using Inference.Pipeline;

const string prompt = "Compute 1-1-9*4.", answer = "-36";
await using var client = EmbeddedInferenceClient.Load(new EmbeddedClientOptions { ModelPath = "models/arith-lm" });
var single = 0;
for (var seed = 0; seed < 400; seed++)
{
    var c = await client.CompleteAsync([new ChatMessage("user", prompt)], new InferenceOptions { Temperature = 1.0, MaxTokens = 48, Seed = seed });
    if (c.Choices[0].Text.EndsWith("#### " + answer, StringComparison.Ordinal)) single++;
}
var majority = 0;
for (var run = 0; run < 200; run++)
{
    // Seeds 16 * run .. 16 * run + 15: the runs share no sample.
    var c = await client.CompleteAsync([new ChatMessage("user", prompt)], new InferenceOptions
    {
        Temperature = 1.0, MaxTokens = 48, Seed = 16 * run,
        TestTimeScaling = new TestTimeScalingOptions { Strategy = "majority", Samples = 16 },
    });
    if (c.Choices[0].Answer == answer) majority++;
}
Console.WriteLine($"{prompt} one sample, seeds 0..399: {single}/400 right; majority@16, seeds 16*run + 0..15 for run 0..199: {majority}/200 right");
