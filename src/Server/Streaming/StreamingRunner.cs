using System.Diagnostics;
using System.Threading.Channels;
using Inference.Engine.Generation;
using Inference.Pipeline;
using Inference.Server.Errors;
using Inference.Server.Generation;
using Inference.Server.Options;
using Inference.Protocol;
using Microsoft.Extensions.Options;

namespace Inference.Server.Streaming;

/// <summary>
/// Streams prepared prompts over SSE. Without selection, tokens of all choices are written as they come (choices
/// interleave, routed by index = prompt * n + sample). With selection, progress comments are written while samples
/// are drawn, then the chosen choices as ordinary chunks. Then usage (when asked) and [DONE]. Anything the scheduler
/// refuses is thrown before the first byte, so it becomes a normal JSON error; later failures become an error event.
/// </summary>
public sealed class StreamingRunner(GenerationRunner runner, IOptions<LimitsOptions> limits, IOptions<TestTimeScalingServerOptions> scaling,
    ILogger<StreamingRunner> logger)
{
    public async Task StreamPlainAsync(IReadOnlyList<PreparedGeneration> prompts, IChunkFormatter format, SseWriter sse, bool includeUsage,
        CancellationToken aborted)
    {
        using var deadline = new RequestDeadline(aborted, limits.Value.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        var handles = GenerationRunner.StartInOrder(prompts, (p, _) => runner.Submit(p, stream: true, deadline));
        var n = prompts[0].N;
        await RunGuardedAsync(sse, deadline, prompts[0], async ct =>
        {
            for (var p = 0; p < prompts.Count; p++)
                for (var i = 0; i < n; i++) await format.StartAsync(p * n + i, p);
            var firstToken = false;
            await foreach (var (p, e) in Merge(handles, ct))
            {
                var choice = p * n + e.SampleIndex;
                switch (e)
                {
                    case PromptScored scored:
                        for (var i = 0; i < n; i++) await format.PromptScoredAsync(p * n + i, p, scored.Tokens);
                        break;
                    case TokenGenerated t:
                        if (!firstToken)
                        {
                            firstToken = true;
                            runner.RecordFirstToken(prompts[p], Stopwatch.GetElapsedTime(started));
                        }
                        await format.TokenAsync(choice, t);
                        break;
                    case SampleCompleted c:
                        if (c.TextDelta.Length > 0) await format.TextAsync(choice, c.TextDelta);
                        await format.FinishAsync(choice, FinishReasons.ToWire(c.Result.FinishReason), null);
                        break;
                }
            }
            var results = await Task.WhenAll(handles.Select(h => h.Completion));
            deadline.ThrowIfExpired();
            var completion = results.Sum(r => r.CompletionTokens);
            foreach (var (r, p) in results.Zip(prompts)) runner.RecordTokens(p, r.CompletionTokens);
            if (includeUsage)
            {
                var prompt = results.Sum(r => r.PromptTokens);
                await format.UsageAsync(new Usage(prompt, completion, prompt + completion));
            }
        });
    }

    public async Task StreamScaledAsync(IReadOnlyList<PreparedGeneration> prompts, IChunkFormatter format, SseWriter sse, bool includeUsage,
        CancellationToken aborted)
    {
        using var deadline = new RequestDeadline(aborted, limits.Value.RequestTimeout);
        var progress = Channel.CreateUnbounded<(int Prompt, PipelineProgress Progress)>();
        var runs = GenerationRunner.StartInOrder(prompts, (p, i) => runner.RunScaledAsync(p, new PromptProgress(i, progress.Writer), deadline));
        var all = Task.WhenAll(runs);
        _ = all.ContinueWith(_ => progress.Writer.TryComplete(), TaskScheduler.Default);

        // Nothing is written until every pipeline has submitted its first wave (it reports progress right after the
        // scheduler accepted it), so a refusal such as a full queue is still a JSON error with its status.
        var submitted = new HashSet<int>();
        var pending = new List<(int Prompt, PipelineProgress Progress)>();
        while (submitted.Count < prompts.Count && await progress.Reader.WaitToReadAsync(CancellationToken.None))
            while (progress.Reader.TryRead(out var item))
            {
                submitted.Add(item.Prompt);
                pending.Add(item);
            }
        if (all.IsCompleted && !all.IsCompletedSuccessfully) await all;

        await RunGuardedAsync(sse, deadline, prompts[0], async ct =>
        {
            var interval = TimeSpan.FromMilliseconds(scaling.Value.ProgressIntervalMilliseconds);
            var lastWritten = Stopwatch.GetTimestamp() - (long)(interval.TotalSeconds * Stopwatch.Frequency);
            foreach (var item in pending) await Comment(item);
            await foreach (var item in progress.Reader.ReadAllAsync(ct)) await Comment(item);

            var results = await all;
            var n = prompts[0].N;
            var promptTokens = 0;
            var completionTokens = 0;
            for (var p = 0; p < prompts.Count; p++)
            {
                var chosen = GenerationRunner.Chosen(results[p]);
                var report = ReportBuilder.Build(results[p], prompts[p].Request, p * n);
                for (var i = 0; i < chosen.Count; i++)
                {
                    var choice = p * n + i;
                    await format.StartAsync(choice, p);
                    await format.SampleAsync(choice, chosen[i].Sample);
                    await format.FinishAsync(choice, FinishReasons.ToWire(chosen[i].Sample.FinishReason), i == chosen.Count - 1 ? report : null);
                }
                promptTokens += prompts[p].PromptTokensOf(results[p]);
                completionTokens += results[p].Cost.CompletionTokens;
            }
            if (includeUsage) await format.UsageAsync(new Usage(promptTokens, completionTokens, promptTokens + completionTokens));

            async Task Comment((int Prompt, PipelineProgress Progress) item)
            {
                var (prompt, pr) = item;
                var last = pr.SamplesDone == pr.SamplesPlanned || pr.Stage != "sampling";
                if (!last && Stopwatch.GetElapsedTime(lastWritten) < interval) return;
                lastWritten = Stopwatch.GetTimestamp();
                var where = prompts.Count > 1 ? $" prompt={prompt}" : "";
                var sources = pr.SamplesBySource is { Count: > 0 } by ? " sources=" + string.Join(",", by.Select(s => $"{s.Key}={s.Value}")) : "";
                await sse.WriteCommentAsync($"progress{where} stage={pr.Stage} samples={pr.SamplesDone}/{pr.SamplesPlanned} tokens={pr.TokensDone}" +
                                            (pr.Rejected > 0 ? $" rejected={pr.Rejected}" : "") + (pr.Refilled > 0 ? $" refilled={pr.Refilled}" : "") + sources);
            }
        });
    }

    /// <summary>Runs the body of a stream; [DONE] on success, an error event on a failure after the start, nothing
    /// when the client went away (its rows were cancelled through the deadline's token).</summary>
    private async Task RunGuardedAsync(SseWriter sse, RequestDeadline deadline, PreparedGeneration first, Func<CancellationToken, Task> body)
    {
        try
        {
            await sse.StartAsync();
            await body(deadline.Token);
            await sse.WriteDoneAsync();
        }
        catch (Exception ex) when (deadline.ClientGone && ex is OperationCanceledException or IOException)
        {
            runner.RecordDisconnect(first, deadline);
        }
        catch (Exception ex) when (!deadline.ClientGone)
        {
            var error = deadline.Expired ? deadline.Error() : ErrorMapping.ToApiError(ex, sse.RequestId, 1);
            if (error.Status == 500) logger.LogError(ex, "Request {RequestId}: the stream failed after it started", sse.RequestId);
            else logger.LogWarning("Request {RequestId}: the stream ended with {Status} ({Code}): {Message}", sse.RequestId, error.Status, error.Code, error.Message);
            try
            {
                await sse.WriteErrorAsync(error);
            }
            catch (Exception writeFailure) when (writeFailure is IOException or OperationCanceledException)
            {
                // The connection broke while reporting the error; nothing more can be said.
            }
        }
    }

    private static async IAsyncEnumerable<(int Prompt, GenerationEvent Event)> Merge(IReadOnlyList<GenerationHandle> handles,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (handles.Count == 1)
        {
            await foreach (var e in handles[0].Events(ct)) yield return (0, e);
            yield break;
        }
        var merged = Channel.CreateUnbounded<(int, GenerationEvent)>();
        var pumps = handles.Select(async (h, i) =>
        {
            await foreach (var e in h.Events(ct)) await merged.Writer.WriteAsync((i, e), ct);
        }).ToList();
        _ = Task.WhenAll(pumps).ContinueWith(t => merged.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        await foreach (var item in merged.Reader.ReadAllAsync(ct)) yield return item;
    }

    private sealed class PromptProgress(int prompt, ChannelWriter<(int, PipelineProgress)> writer) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => writer.TryWrite((prompt, value));
    }
}
