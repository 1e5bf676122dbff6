using Inference.Client;
using Inference.Engine.Packages;
using Inference.Protocol;

await using var client = EmbeddedInferenceClient.Load(new EmbeddedClientOptions { ModelPath = args.Length > 0 ? args[0] : "models/arith-lm" });
var completion = await client.CompleteAsync([new ChatMessage("user", "Compute 1-1-9*4.")], new InferenceOptions
{
    Temperature = 1.0, MaxTokens = 48, Seed = 1,
    TestTimeScaling = new TestTimeScalingRequest { Strategy = "majority", Samples = 16 },
});
Console.WriteLine($"{completion.Choices[0].Answer}: {string.Join(", ", completion.Explanation!.Answers.Select(a => $"{a.Answer}×{a.Votes}"))}");
