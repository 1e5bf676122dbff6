using System.Diagnostics;
using System.Text.Json;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Eval.Data;
using Inference.Eval.Metrics;
using Inference.Eval.Output;
using Inference.Eval.Sampling;
using Inference.Pipeline;
using Inference.Selection;
using Inference.Verifiers;
using Spectre.Console;

namespace Inference.Eval;

/// <summary>One evaluation: draw (or read) the pools, compute the metrics, write tables, plots and run.json.</summary>
public static class EvalRun
{
    /// <summary>Time and size of one schedule's sampling.</summary>
    public sealed record SamplingCost(string Schedule, int Problems, int Samples, long Tokens, double Seconds)
    {
        public double TokensPerSecond => Tokens / Math.Max(Seconds, 1e-9);
    }

    public static async Task<int> RunAsync(EvalSettings s, string[] args, CancellationToken ct)
    {
        Validate(s);
        var console = AnsiConsole.Console;
        // Fingerprint the weights before loading them: the files may be replaced while a long run goes on.
        var modelSha = s.FromPool is null ? Fingerprint(s.Model) : null;
        var rewardSha = s.RewardModel is null || (s.FromPool is not null && !s.Rescore) ? null : Fingerprint(s.RewardModel);
        var costs = new List<SamplingCost>();
        IReadOnlyList<PoolProblem> pool;
        if (s.FromPool is { } poolPath)
        {
            pool = PoolFile.Read(poolPath);
            console.WriteLine($"pool: {poolPath} ({pool.Count} problem pools)");
            if (s.Rescore) pool = await RescoreAsync(s, pool, console, ct);
        }
        else
        {
            pool = await SampleAsync(s, console, costs, ct);
        }

        var results = new List<ScheduleResult>();
        var evalClock = Stopwatch.StartNew();
        foreach (var group in pool.GroupBy(p => p.Schedule))
        {
            var problems = group.ToList();
            ScheduleResult? result = null;
            await console.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask($"metrics {group.Key}", maxValue: problems.Count);
                var done = new Progress<int>(d => task.Increment(d));
                result = await Task.Run(() => PoolEvaluation.Evaluate(problems,
                    new PoolEvaluation.Settings(s.Trials, (int)s.Seed, s.BootstrapResamples, s.AdaptiveBudget), done), ct);
                task.Value = problems.Count;
            });
            results.Add(result!);
        }
        var evalSeconds = evalClock.Elapsed.TotalSeconds;

        Directory.CreateDirectory(s.Out);
        var markdown = ResultTables.Markdown(results);
        await File.WriteAllTextAsync(Path.Combine(s.Out, "results.md"), markdown, ct);
        await File.WriteAllTextAsync(Path.Combine(s.Out, "results.csv"), ResultTables.Csv(results), ct);
        var plots = new List<string>();
        foreach (var r in results)
        {
            var file = $"accuracy_{FileSafe(r.Schedule)}.svg";
            await File.WriteAllTextAsync(Path.Combine(s.Out, file), AccuracyPlot.Create(r).Render(), ct);
            plots.Add(file);
        }
        if (results.Count > 1)
            foreach (var curve in new[] { StrategyCurves.Majority, StrategyCurves.Coverage })
            {
                var file = $"{curve}_by_schedule.svg";
                await File.WriteAllTextAsync(Path.Combine(s.Out, file), ScheduleComparisonPlot.Create(results, curve).Render(), ct);
                plots.Add(file);
            }
        var run = new
        {
            command = "dotnet run -c Release --project tools/Eval -- " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)),
            settings = s,
            model_sha256 = modelSha,
            reward_model_sha256 = rewardSha,
            sampling = costs,
            metrics_seconds = evalSeconds,
            plots,
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.ToString() },
            finished_utc = DateTime.UtcNow,
        };
        await File.WriteAllTextAsync(Path.Combine(s.Out, "run.json"),
            JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }), ct);
        Console.Out.Write(markdown);
        console.WriteLine($"metrics: {evalSeconds:0.0} s; written to {s.Out}: results.md, results.csv, run.json, {string.Join(", ", plots)}");
        return 0;
    }

    private static void Validate(EvalSettings s)
    {
        if (s.Samples < 1) throw new InvalidEvalInputException("--samples must be >= 1.");
        if (s.Samples > s.BatchRows) throw new InvalidEvalInputException($"--samples {s.Samples} exceeds --batch-rows {s.BatchRows}: one problem's samples are one batch.");
        if (s.MaxTokens < 1) throw new InvalidEvalInputException("--max-tokens must be >= 1.");
        if (s.Trials < 1 || s.BootstrapResamples < 1 || s.AdaptiveBudget < 1 || s.ProblemsInFlight < 1)
            throw new InvalidEvalInputException("--trials, --bootstrap, --adaptive-budget and --problems-in-flight must be >= 1.");
        if (s.Limit is < 1) throw new InvalidEvalInputException("--limit must be >= 1.");
        if (s.Schedules.Count == 0) throw new InvalidEvalInputException("Give at least one --schedule.");
        if (s.Rescore && (s.FromPool is null || s.RewardModel is null))
            throw new InvalidEvalInputException("--rescore needs --from-pool and a --reward-model.");
    }

    private static async Task<IReadOnlyList<PoolProblem>> SampleAsync(EvalSettings s, IAnsiConsole console, List<SamplingCost> costs, CancellationToken ct)
    {
        var problems = ProblemSet.Load(s.Data, s.Limit);
        var schedules = s.Schedules.Select(ScheduleSpec.Parse).ToList();
        AnswerExtractionSpec answer;
        try { answer = AnswerExtractionSpec.FromName(s.Answer); }
        catch (InvalidAnswerFormatException ex) { throw new InvalidEvalInputException(ex.Message); }

        ModelPackage package;
        RewardModel? reward = null;
        try
        {
            package = ModelPackage.Load(s.Model, new ModelPackageOptions { IntraOpThreads = s.Threads });
            if (s.RewardModel is not null) reward = RewardModel.Load(s.RewardModel, s.Threads);
        }
        catch (Exception ex) when (ex is ModelPackageException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidEvalInputException($"cannot load the models: {ex.Message}");
        }
        using var _ = package;
        using var __ = reward;
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions
        {
            MaxBatchRows = s.BatchRows,
            // Room for every row's whole context, twice: a layout whose graph returns a new present keeps two copies of the rows.
            MaxKvTokens = 2L * s.BatchRows * package.Descriptor.ContextLength,
            MaxQueuedRequests = s.ProblemsInFlight + 1,
        });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(reward));
        var sampler = new PoolSampler(package, pipeline,
            new SamplerSettings(s.Samples, s.MaxTokens, s.ProblemsInFlight, s.Seed, answer, reward is not null));
        console.WriteLine($"sampling {problems.Count} problems x {s.Samples} samples x {schedules.Count} schedule(s) with {package.Descriptor.Id}" +
                          $"{(reward is null ? " (no reward model)" : " + reward model")}, {s.ProblemsInFlight} problems in flight, batch rows {s.BatchRows}");

        var pool = new List<PoolProblem>();
        var directory = Path.GetDirectoryName(Path.GetFullPath(s.Pool));
        if (directory is not null) Directory.CreateDirectory(directory);
        PoolFile.Write(s.Pool, []);
        foreach (var schedule in schedules)
        {
            var clock = Stopwatch.StartNew();
            IReadOnlyList<PoolProblem> drawn = [];
            await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn()).StartAsync(async progress =>
            {
                var task = progress.AddTask($"sampling {schedule.Name}", maxValue: problems.Count * (double)s.Samples);
                drawn = await sampler.SampleAsync(problems, schedule, new Progress<int>(d => task.Increment(d)), ct);
                task.Value = task.MaxValue;
            });
            var seconds = clock.Elapsed.TotalSeconds;
            var tokens = drawn.Sum(p => p.Samples.Sum(x => (long)x.Tokens));
            var cost = new SamplingCost(schedule.Name, drawn.Count, drawn.Sum(p => p.Samples.Count), tokens, seconds);
            costs.Add(cost);
            console.WriteLine($"{schedule.Name}: {cost.Samples} samples, {tokens} tokens in {seconds:0.0} s ({cost.TokensPerSecond:0} tokens/s); " +
                              $"sample accuracy {drawn.Average(p => p.CorrectCount / (double)p.Samples.Count):P1}");
            PoolFile.Append(s.Pool, drawn);
            pool.AddRange(drawn);
        }
        return pool;
    }

    private static async Task<IReadOnlyList<PoolProblem>> RescoreAsync(EvalSettings s, IReadOnlyList<PoolProblem> pool, IAnsiConsole console, CancellationToken ct)
    {
        RewardModel reward;
        try { reward = RewardModel.Load(s.RewardModel!, s.Threads); }
        catch (Exception ex) when (ex is ModelPackageException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidEvalInputException($"cannot load the reward model: {ex.Message}");
        }
        using var _ = reward;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<PoolProblem> scored = [];
        await console.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var task = progress.AddTask("reward model scoring", maxValue: pool.Count);
            scored = await new PoolScorer(reward).ScoreAsync(pool, new Progress<int>(d => task.Increment(d)), ct);
            task.Value = pool.Count;
        });
        PoolFile.Write(s.Pool, scored);
        console.WriteLine($"scored {scored.Sum(p => p.Samples.Count)} samples in {clock.Elapsed.TotalSeconds:0.0} s; scored pool written to {s.Pool}");
        return scored;
    }

    /// <summary>SHA-256 of each .onnx file in a model folder, so results name the exact weights they measured.</summary>
    private static Dictionary<string, string>? Fingerprint(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.onnx").Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f),
            f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))
        : null;

    private static string FileSafe(string name) =>
        new(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
