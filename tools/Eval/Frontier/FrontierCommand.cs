using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Inference.Engine.Packages;
using Inference.Eval.Data;
using Inference.Eval.Metrics;
using Inference.Eval.Sampling;
using Inference.Pipeline;
using Inference.Verifiers;

namespace Inference.Eval.Frontier;

/// <summary>
/// <c>frontier</c>: accuracy against generated tokens on a scored pool, for uniform sampling, early rejection and one
/// budget across prompts (see <see cref="FrontierReplay"/>); writes frontier.md, frontier.csv, the charts and
/// frontier_run.json.
/// </summary>
public static class FrontierCommand
{
    public static Command Create()
    {
        var fromPool = new Option<string>("--from-pool") { Description = "A pool scored with the reward model (see --rescore)", Required = true };
        var schedule = new Option<string>("--schedule") { Description = "Which schedule of the pool (its name in the pool, e.g. const1.0)", DefaultValueFactory = _ => "const1.0" };
        var model = new Option<string>("--model") { Description = "LM package folder (its tokenizer cuts samples at checkpoints)", DefaultValueFactory = _ => "models/arith-lm" };
        var reward = new Option<string>("--reward-model") { Description = "Reward model folder (scores the prefixes)", DefaultValueFactory = _ => "models/arith-reward" };
        var limit = new Option<int?>("--limit") { Description = "Only the first this many problems" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "max_tokens the pool was drawn with (fractional checkpoints use it)", DefaultValueFactory = _ => 96 };
        var rejections = new Option<string[]>("--rejection")
        {
            Description = "Early rejection settings, each checkpoints:keep with checkpoints separated by '/' (e.g. 8:0.25 or 6/12:0.5)",
            DefaultValueFactory = _ => ["8:0.25", "12:0.25", "6/12:0.5"],
            AllowMultipleArgumentsPerToken = true,
        };
        var budgets = new Option<string[]>("--budget")
        {
            Description = "Budget-across-prompts settings, each batch:wave:threshold (prompts sharing one budget, samples per prompt per wave, " +
                          "P(p1 > p2) at which a prompt is settled), e.g. 25:4:0.95",
            DefaultValueFactory = _ => ["25:4:0.95"],
            AllowMultipleArgumentsPerToken = true,
        };
        var trials = new Option<int>("--trials") { Description = "Random orders of each problem's pool", DefaultValueFactory = _ => 32 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples over problems", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the orders and the bootstrap", DefaultValueFactory = _ => 20261203 };
        var prefixCache = new Option<string?>("--prefix-rewards") { Description = "Prefix rewards file: read when it exists, else computed and written there" };
        var live = new Option<int>("--live") { Description = "Also run the first --rejection for real (best-of-N) on this many problems and compare with its replay", DefaultValueFactory = _ => 0 };
        var poolSeed = new Option<long>("--pool-seed") { Description = "The seed the pool was drawn with (its run.json), for --live", DefaultValueFactory = _ => 20261121 };
        var liveSchedule = new Option<string>("--live-schedule") { Description = "The temperature schedule of --schedule, as the pool was drawn (for --live)", DefaultValueFactory = _ => "const:1.0" };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "docs/results/frontier" };
        var command = new Command("frontier", "Accuracy against generated tokens: uniform N, early rejection, one budget across prompts (replayed on a scored pool)")
        {
            fromPool, schedule, model, reward, limit, maxTokens, rejections, budgets, trials, bootstrap, seed, prefixCache, live, poolSeed, liveSchedule, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(parse.GetValue(fromPool)!, parse.GetValue(schedule)!, parse.GetValue(model)!, parse.GetValue(reward)!, parse.GetValue(limit),
                    parse.GetValue(maxTokens), parse.GetValue(rejections)!.Select(ParseRejection).ToList(), parse.GetValue(budgets)!.Select(ParseBudget).ToList(),
                    parse.GetValue(trials), parse.GetValue(bootstrap), parse.GetValue(seed), parse.GetValue(prefixCache),
                    parse.GetValue(live), parse.GetValue(poolSeed), parse.GetValue(liveSchedule)!, parse.GetValue(output)!, ct);
            }
            catch (InvalidEvalInputException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    public static EarlyRejectionSpec ParseRejection(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var keep) || !(keep is > 0 and <= 1)
            || parts[0].Split('/').Any(c => !int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t < 1))
            throw new InvalidEvalInputException($"--rejection '{text}': expected checkpoints:keep, e.g. 8:0.25 or 6/12:0.5 (token counts >= 1, keep in (0, 1]).");
        return new EarlyRejectionSpec(parts[0].Split('/').Select(c => (double)int.Parse(c, CultureInfo.InvariantCulture)).ToArray(), keep);
    }

    public static BudgetCurve ParseBudget(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var batch) || batch < 1
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var wave) || wave < 1
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !(threshold is > 0.5 and < 1))
            throw new InvalidEvalInputException($"--budget '{text}': expected batch:wave:threshold, e.g. 25:4:0.95 (batch, wave >= 1; threshold in (0.5, 1)).");
        return new BudgetCurve($"budget b{batch} w{wave} p{threshold.ToString(CultureInfo.InvariantCulture)}",
            FrontierCurves.BudgetSizes, batch, wave, threshold);
    }

    private static async Task<int> RunAsync(string poolPath, string schedule, string modelPath, string rewardPath, int? limit, int maxTokens,
        IReadOnlyList<EarlyRejectionSpec> rejections, IReadOnlyList<BudgetCurve> budgets, int trials, int resamples, int seed, string? prefixPath,
        int live, long poolSeed, string liveSchedule, string output, CancellationToken ct)
    {
        if (trials < 1 || resamples < 1) throw new InvalidEvalInputException("--trials and --bootstrap must be >= 1.");
        var pool = PoolFile.Read(poolPath).Where(p => p.Schedule == schedule).Take(limit ?? int.MaxValue).ToList();
        if (pool.Count == 0) throw new InvalidEvalInputException($"The pool has no problems of schedule '{schedule}'.");
        if (pool.Any(p => p.Samples.Any(s => s.Reward is null))) throw new InvalidEvalInputException("The pool has samples without a reward: score it first (--rescore).");
        Directory.CreateDirectory(output);
        var checkpoints = rejections.SelectMany(r => r.TokenCheckpoints(maxTokens)).Distinct().Order().ToArray();

        var clock = Stopwatch.StartNew();
        PrefixRewards prefixes;
        if (prefixPath is not null && File.Exists(prefixPath))
        {
            prefixes = PrefixRewards.Read(prefixPath);
            if (checkpoints.Except(prefixes.Checkpoints).Any() || pool.Any(p => !prefixes.Scores.ContainsKey(PrefixRewards.Key(p))))
                throw new InvalidEvalInputException($"{prefixPath} lacks some of checkpoints {string.Join(", ", checkpoints)} or problems; delete it to score again.");
            Console.WriteLine($"prefix rewards: {prefixPath}");
        }
        else
        {
            using var package = ModelPackage.Load(modelPath);
            using var reward = RewardModel.Load(rewardPath);
            var done = 0;
            prefixes = await PrefixRewards.ComputeAsync(pool, checkpoints, package.Tokenizer, reward,
                new Progress<int>(d => { if (Interlocked.Add(ref done, d) % 50 == 0) Console.WriteLine($"prefix rewards: {done}/{pool.Count} problems"); }), ct);
            if (prefixPath is not null) prefixes.Write(prefixPath);
        }
        var scoringSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"prefix rewards at {string.Join(", ", checkpoints)} tokens: {scoringSeconds:0} s; {prefixes.Mismatches} samples whose text re-encodes to another token count");

        clock.Restart();
        var replay = new FrontierReplay(FrontierCurves.Create(rejections, budgets), prefixes, maxTokens, trials, seed);
        var report = new FrontierReport(replay, replay.Run(pool), resamples, seed);
        var replaySeconds = clock.Elapsed.TotalSeconds;

        var markdown = report.Markdown(schedule);
        LiveCheck.Result? check = null;
        if (live > 0)
        {
            var spec = rejections[0];
            check = await LiveCheck.RunAsync(pool, live, spec, prefixes, modelPath, rewardPath, ScheduleSpec.Parse(liveSchedule), poolSeed, maxTokens, ct);
            markdown += Environment.NewLine + FormattableString.Invariant(
                $"Live check (the engine and pipeline running best-of-N with early rejection at {string.Join('/', spec.Checkpoints)} tokens, keep {spec.Keep}, ") +
                FormattableString.Invariant($"N = {pool[0].Samples.Count}, with the pool's seeds, on the first {check.Problems} problems, {check.Seconds:0} s): ") +
                FormattableString.Invariant($"the kept samples are the replay's in {check.SameKept}/{check.Problems} problems and their texts the pool's in {check.SameTexts}/{check.Problems}; ") +
                FormattableString.Invariant($"the chosen answer is right or wrong as in the replay in {check.SameChoiceCorrectness}/{check.Problems} ") +
                FormattableString.Invariant($"(right: {check.LiveCorrect} live, {check.ReplayCorrect} replayed). ") +
                FormattableString.Invariant($"Generated tokens: {check.LiveTokens} live vs {check.ReplayTokens} replayed ({(double)check.LiveTokens / check.ReplayTokens:P1}); ") +
                FormattableString.Invariant($"the rejected samples generated {check.RejectedLive} tokens live against {check.RejectedAtCheckpoints} up to their checkpoints ") +
                "(a rejected row runs on until the decode step after the reward model's decision)." + Environment.NewLine;
        }
        await File.WriteAllTextAsync(Path.Combine(output, "frontier.md"), markdown, ct);
        await File.WriteAllTextAsync(Path.Combine(output, "frontier.csv"), report.Csv(schedule), ct);
        var charts = new Dictionary<string, SvgLineChartSpec>
        {
            ["frontier_bon.svg"] = new("Best-of-N: uniform vs early rejection", c => c.Selection == StrategyCurves.BestOfN && c is not BudgetCurve),
            ["frontier_weighted_majority.svg"] = new("Weighted majority: uniform vs early rejection", c => c.Selection == StrategyCurves.WeightedMajority),
            ["frontier_budget.svg"] = new("Majority: uniform vs one budget across prompts", c => c.Selection == StrategyCurves.Majority),
        };
        foreach (var (file, spec) in charts)
            await File.WriteAllTextAsync(Path.Combine(output, file), report.Chart(schedule, spec.Title, spec.Include).Render(), ct);
        var run = new
        {
            command = "dotnet run -c Release --project tools/Eval -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            pool = poolPath, schedule, problems = pool.Count, max_tokens = maxTokens, checkpoints, trials, bootstrap = resamples, seed,
            rejections = rejections.Select(r => new { checkpoints = r.Checkpoints, keep = r.Keep }),
            budgets = budgets.Select(b => new { batch = b.BatchPrompts, wave = b.WaveSize, threshold = b.Threshold }),
            prefix_reencode_mismatches = prefixes.Mismatches,
            live = check,
            prefix_scoring_seconds = scoringSeconds,
            replay_seconds = replaySeconds,
            finished_utc = DateTime.UtcNow,
        };
        await File.WriteAllTextAsync(Path.Combine(output, "frontier_run.json"), JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true }), ct);
        Console.Out.Write(markdown);
        Console.WriteLine($"replay {replaySeconds:0} s; written to {output}");
        return 0;
    }

    private sealed record SvgLineChartSpec(string Title, Func<FrontierCurve, bool> Include);
}
