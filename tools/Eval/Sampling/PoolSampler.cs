using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Eval.Data;
using Inference.Pipeline;
using Inference.Selection;

namespace Inference.Eval.Sampling;

/// <summary>
/// Draws the pool: for each problem, one pipeline run with strategy "none" and N_max samples (one scheduler request:
/// one prefill, N_max decode rows), the reward model scoring every sample when one is loaded. Several problems are in
/// flight at once so the continuous-batching scheduler keeps its batch full. Seeds are fixed per (problem, sample).
/// </summary>
public sealed class PoolSampler(ModelPackage package, TestTimeScalingPipeline pipeline, SamplerSettings settings)
{
    public async Task<IReadOnlyList<PoolProblem>> SampleAsync(IReadOnlyList<EvalProblem> problems, ScheduleSpec schedule,
        IProgress<int>? samplesDone, CancellationToken cancellationToken)
    {
        var results = new PoolProblem[problems.Count];
        var extractor = AnswerExtractors.Create(settings.Answer);
        using var gate = new SemaphoreSlim(settings.ProblemsInFlight);
        var tasks = new List<Task>();
        for (var i = 0; i < problems.Count; i++)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    results[index] = await SampleOneAsync(problems[index], index, schedule, extractor, cancellationToken).ConfigureAwait(false);
                    samplesDone?.Report(settings.Samples);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
            tasks.RemoveAll(t => t.IsCompletedSuccessfully);
            if (tasks.FirstOrDefault(t => t.IsFaulted) is { } failed) await failed.ConfigureAwait(false);
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return results;
    }

    private async Task<PoolProblem> SampleOneAsync(EvalProblem problem, int index, ScheduleSpec schedule, IAnswerExtractor extractor,
        CancellationToken cancellationToken)
    {
        var rendered = package.ChatTemplate is null ? problem.Prompt : package.ApplyChatTemplate([new ChatMessage("user", problem.Prompt)]);
        var tokens = package.Tokenizer.Encode(rendered, addSpecialTokens: package.ChatTemplate is null);
        var sampling = new SamplingParams
        {
            TemperatureSchedule = schedule.Schedule,
            MaxTokens = settings.MaxTokens,
            Seed = settings.Seed + (long)index * settings.Samples,
        };
        var options = new TestTimeScalingOptions
        {
            Strategy = SelectionStrategyNames.None,
            Samples = settings.Samples,
            Answer = settings.Answer,
            Verifiers = settings.ScoreWithRewardModel ? [new RewardModelVerifierSpec()] : [],
        };
        var result = await pipeline.RunAsync(new PipelineRequest(tokens, problem.Prompt, rendered, sampling, options), null, cancellationToken)
            .ConfigureAwait(false);
        var reference = AnswerNormalizer.Normalize(problem.Answer);
        var samples = result.Candidates.OrderBy(c => c.Index).Select(c =>
        {
            var sample = result.Samples[c.Index];
            return new PoolSample(c.Text, c.Answer?.Raw, AnswerCheck.IsCorrect(c.Answer, reference), c.Reward, sample.Length,
                sample.LogprobSum ?? throw new InvalidOperationException("The pipeline scores every sample."),
                sample.FinishReason.ToString().ToLowerInvariant());
        }).ToList();
        return new PoolProblem(schedule.Name, problem.Id, problem.Prompt, problem.Answer, samples);
    }
}

/// <summary>How the pool is drawn.</summary>
public sealed record SamplerSettings(int Samples, int MaxTokens, int ProblemsInFlight, long Seed, AnswerExtractionSpec Answer, bool ScoreWithRewardModel);
