using System.CommandLine;
using Inference.Eval.Data;

namespace Inference.Eval;

/// <summary>The command line of the evaluation; the work is in <see cref="EvalRun"/>.</summary>
public static class EvalCommand
{
    public static RootCommand Create()
    {
        var data = new Option<string>("--data") { Description = "JSONL dataset: {\"id\",\"prompt\",\"answer\"} per line", DefaultValueFactory = _ => "models/tasks/eval.jsonl" };
        var model = new Option<string>("--model") { Description = "LM package folder", DefaultValueFactory = _ => "models/arith-lm" };
        var reward = new Option<string>("--reward-model") { Description = "Reward model folder, or \"none\" (then only coverage and majority)", DefaultValueFactory = _ => "models/arith-reward" };
        var samples = new Option<int>("--samples", "-n") { Description = "N_max: samples per problem in the pool", DefaultValueFactory = _ => 64 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "max_tokens per sample", DefaultValueFactory = _ => 96 };
        var schedules = new Option<string[]>("--schedule")
        {
            Description = "Temperature schedules, each sampled once: const:T or ead[:tau_max=..,tau_min=..,d=..,scale=..,warmup=..]",
            DefaultValueFactory = _ => ["const:1.0", "ead"],
            AllowMultipleArgumentsPerToken = true,
        };
        var limit = new Option<int?>("--limit") { Description = "Only the first this many problems" };
        var batchRows = new Option<int>("--batch-rows") { Description = "Scheduler decode batch rows", DefaultValueFactory = _ => 128 };
        var inFlight = new Option<int?>("--problems-in-flight") { Description = "Problems sampled concurrently (default: batch rows / N + 1)" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = ORT default)", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of sampling (problem i, sample j uses seed + i*N + j), subsets and bootstrap", DefaultValueFactory = _ => 20261121 };
        var trials = new Option<int>("--trials") { Description = "Random N-subsets per problem for strategy@N", DefaultValueFactory = _ => 64 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples over problems", DefaultValueFactory = _ => 1000 };
        var adaptiveBudget = new Option<int>("--adaptive-budget") { Description = "Sample budget of adaptive stopping (Adaptive-Consistency and ESC use 40)", DefaultValueFactory = _ => 40 };
        var answer = new Option<string>("--answer") { Description = "Answer extraction format (auto, hash, answer_is, boxed, last_number)", DefaultValueFactory = _ => "auto" };
        var output = new Option<string>("--out") { Description = "Output folder for results.md, results.csv, plots and run.json", DefaultValueFactory = _ => "docs/results" };
        var pool = new Option<string?>("--pool") { Description = "Where to write the sample pool (default: <out>/pool.jsonl)" };
        var fromPool = new Option<string?>("--from-pool") { Description = "Recompute the metrics from this pool instead of sampling" };
        var rescore = new Option<bool>("--rescore") { Description = "With --from-pool: score every sample again with --reward-model (the pipeline's verifier stage) and write the scored pool to --pool" };

        var root = new RootCommand("Evaluate test-time scaling: sample a pool of N_max per problem per temperature schedule through the in-process pipeline, " +
                                   "then coverage, majority, best-of-N, weighted majority, best-of-majority and adaptive stopping vs N with bootstrap CIs")
        {
            data, model, reward, samples, maxTokens, schedules, limit, batchRows, inFlight, threads, seed, trials, bootstrap, adaptiveBudget, answer, output, pool, fromPool, rescore,
        };
        root.Subcommands.Add(Frontier.FrontierCommand.Create());
        root.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(samples);
            var rows = parse.GetValue(batchRows);
            var outDir = parse.GetValue(output)!;
            var rewardPath = parse.GetValue(reward)!;
            var settings = new EvalSettings(parse.GetValue(data)!, parse.GetValue(model)!, rewardPath.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : rewardPath,
                n, parse.GetValue(maxTokens), parse.GetValue(schedules)!, parse.GetValue(limit), rows, parse.GetValue(inFlight) ?? Math.Max(1, rows / Math.Max(1, n)) + 1,
                parse.GetValue(threads), parse.GetValue(seed), parse.GetValue(trials), parse.GetValue(bootstrap), parse.GetValue(adaptiveBudget),
                parse.GetValue(answer)!, outDir, parse.GetValue(pool) ?? Path.Combine(outDir, "pool.jsonl"), parse.GetValue(fromPool), parse.GetValue(rescore));
            try
            {
                return await EvalRun.RunAsync(settings, args: Environment.GetCommandLineArgs().Skip(1).ToArray(), ct);
            }
            catch (InvalidEvalInputException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return root;
    }
}
