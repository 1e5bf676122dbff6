// Solves held-out problems of the bundled arithmetic model in-process with majority voting and prints the votes.
// Usage: dotnet run --project samples/MajorityVote [-- <problems> <samples>]
using System.Text.Json;
using Inference.Client;
using Inference.Engine.Packages;
using Inference.Protocol;
using Inference.Selection;

var root = FindRepository();
var problems = args.Length > 0 ? int.Parse(args[0]) : 5;
var samples = args.Length > 1 ? int.Parse(args[1]) : 16;

await using var client = EmbeddedInferenceClient.Load(new EmbeddedClientOptions { ModelPath = Path.Combine(root, "models", "arith-lm") });
var options = new InferenceOptions
{
    Temperature = 1.0, Seed = 7, MaxTokens = 120,
    TestTimeScaling = new TestTimeScalingRequest { Strategy = "majority", Samples = samples, Answer = AnswerFormatRequest.Named("hash") },
};

var solved = 0;
foreach (var line in File.ReadLines(Path.Combine(root, "models", "tasks", "eval.jsonl")).Take(problems))
{
    var problem = JsonDocument.Parse(line).RootElement;
    var prompt = problem.GetProperty("prompt").GetString()!;
    var reference = problem.GetProperty("answer").GetString()!;
    var completion = await client.CompleteAsync([new ChatMessage("user", prompt)], options);
    var votes = string.Join(", ", completion.Explanation!.Answers.Select(a => $"{a.Answer}×{a.Votes}"));
    var answer = completion.Choices[0].Answer;
    var correct = answer is not null && AnswerNormalizer.Normalize(answer).IsEquivalentTo(AnswerNormalizer.Normalize(reference));
    solved += correct ? 1 : 0;
    Console.WriteLine($"{prompt,-28} votes: {votes}");
    Console.WriteLine($"{"",-28} chosen {answer ?? "(none)"}, reference {reference} {(correct ? "✓" : "✗")}  ({completion.CompletionTokens} tokens)");
}
Console.WriteLine($"solved {solved}/{problems} with majority@{samples}");

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Inference.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run from inside the repository (models/arith-lm is loaded from it).");
}
