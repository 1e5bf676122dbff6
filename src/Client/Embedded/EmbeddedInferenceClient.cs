using System.Runtime.CompilerServices;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Pipeline;
using Inference.Pipeline.Requests;
using Inference.Verifiers;
using Microsoft.Extensions.AI;
using EngineChatMessage = Inference.Engine.Packages.ChatMessage;

namespace Inference.Client;

/// <summary>
/// Runs a model in this process: the same engine, continuous-batching scheduler and test-time-scaling pipeline as
/// the server, without HTTP. A call's options become the same wire request the HTTP client sends
/// (<see cref="InferenceOptions.ToChatRequest"/>) and are resolved by the server's own resolver, with chat's rules, so
/// the same request and seed give the same samples here and on the server. Invalid options throw
/// <see cref="InvalidRequestException"/> naming the wire field. Thread-safe: concurrent calls share one decode batch.
/// </summary>
public sealed partial class EmbeddedInferenceClient : IAsyncDisposable, IDisposable
{
    private readonly ModelPackage package;
    private readonly RewardModel? rewardModel;
    private readonly GenerationScheduler scheduler;
    private readonly TestTimeScalingPipeline pipeline;
    private readonly RequestResolver resolver;
    private readonly ModelContext context;

    private EmbeddedInferenceClient(ModelPackage package, RewardModel? rewardModel, EmbeddedClientOptions options)
    {
        this.package = package;
        this.rewardModel = rewardModel;
        scheduler = new GenerationScheduler(package, new SchedulerOptions
        {
            MaxBatchRows = options.MaxBatchRows,
            MaxKvTokens = options.MaxKvTokens,
            MaxQueuedRequests = options.MaxQueuedRequests,
        });
        pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(rewardModel));
        resolver = new RequestResolver(options.ToRequestLimits());
        context = ModelContext.Of(package, pipeline);
    }

    /// <summary>What was loaded: context length, vocabulary, interface, provider in use.</summary>
    public ModelDescriptor Model => package.Descriptor;

    /// <summary>The scheduler's current load (queued requests, active rows, tokens generated).</summary>
    public SchedulerStats Stats => scheduler.Stats;

    /// <summary>Loads the model (and the reward model, if given) and starts the decode loop.</summary>
    public static EmbeddedInferenceClient Load(EmbeddedClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var package = ModelPackage.Load(options.ModelPath, new ModelPackageOptions
        {
            Device = options.Device, FallbackToCpu = options.FallbackToCpu, Cuda = options.Cuda, IntraOpThreads = options.Threads,
        });
        try
        {
            var reward = options.RewardModelPath is { } path ? RewardModel.Load(path, options.Threads) : null;
            return new EmbeddedInferenceClient(package, reward, options);
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    /// <summary>Answers a conversation (the model's chat template is applied).</summary>
    public Task<InferenceCompletion> CompleteAsync(IReadOnlyList<EngineChatMessage> messages, InferenceOptions? options = null,
        CancellationToken cancellationToken = default)
        => RunAsync(ChatPrompt(messages), options ?? new InferenceOptions(), cancellationToken);

    /// <summary>Continues a plain text prompt (no chat template).</summary>
    public Task<InferenceCompletion> CompleteTextAsync(string prompt, InferenceOptions? options = null, CancellationToken cancellationToken = default)
        => RunAsync(TextPrompt(prompt), options ?? new InferenceOptions(), cancellationToken);

    /// <summary>Streams the answer to a conversation.</summary>
    public IAsyncEnumerable<InferenceUpdate> StreamAsync(IReadOnlyList<EngineChatMessage> messages, InferenceOptions? options = null,
        CancellationToken cancellationToken = default)
        => StreamCoreAsync(ChatPrompt(messages), options ?? new InferenceOptions(), cancellationToken);

    /// <summary>Streams the continuation of a plain text prompt.</summary>
    public IAsyncEnumerable<InferenceUpdate> StreamTextAsync(string prompt, InferenceOptions? options = null,
        CancellationToken cancellationToken = default)
        => StreamCoreAsync(TextPrompt(prompt), options ?? new InferenceOptions(), cancellationToken);

    private sealed record Prompt(int[] Tokens, string UserText, string Rendered);

    private Prompt ChatPrompt(IReadOnlyList<EngineChatMessage> messages)
    {
        if (messages.Count == 0) throw new ArgumentException("At least one message is needed.", nameof(messages));
        var rendered = package.ApplyChatTemplate(messages);
        var user = messages.LastOrDefault(m => m.Role == "user")?.Content ?? messages[^1].Content;
        return new Prompt(package.Tokenizer.Encode(rendered, addSpecialTokens: false), user, rendered);
    }

    private Prompt TextPrompt(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return new Prompt(package.Tokenizer.Encode(prompt, addSpecialTokens: true), prompt, prompt);
    }

    /// <summary>The call as the engine runs it: the options as a chat request, resolved for this model.</summary>
    private ResolvedRequest Resolve(Prompt prompt, InferenceOptions options)
    {
        var resolved = resolver.ResolveChat(options.ToChatRequest(), prompt.Tokens.Length, context);
        return options is EmbeddedInferenceOptions { TemperatureSchedule: { } schedule }
            ? resolved with { Sampling = resolved.Sampling with { TemperatureSchedule = schedule } }
            : resolved;
    }

    private PipelineRequest Scaled(Prompt prompt, ResolvedRequest resolved) =>
        new(prompt.Tokens, prompt.UserText, prompt.Rendered, resolved.Sampling, resolved.Scaling!) { Prepared = resolved.Selection };

    private async Task<InferenceCompletion> RunAsync(Prompt prompt, InferenceOptions options, CancellationToken cancellationToken)
    {
        var resolved = Resolve(prompt, options);
        if (resolved.Selection is not null)
        {
            var result = await pipeline.RunAsync(Scaled(prompt, resolved), null, cancellationToken).ConfigureAwait(false);
            return FromPipeline(result, resolved);
        }
        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = prompt.Tokens, Samples = resolved.Samples, Sampling = resolved.Sampling, Stream = false },
            cancellationToken);
        var generation = await handle.Completion.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return FromGeneration(generation);
    }

    private async IAsyncEnumerable<InferenceUpdate> StreamCoreAsync(Prompt prompt, InferenceOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var resolved = Resolve(prompt, options);
        if (resolved.Selection is not null)
        {
            var progress = System.Threading.Channels.Channel.CreateUnbounded<PipelineProgress>();
            var run = pipeline.RunAsync(Scaled(prompt, resolved), new ChannelProgress(progress.Writer), cancellationToken);
            _ = run.ContinueWith(_ => progress.Writer.TryComplete(), TaskScheduler.Default);
            await foreach (var p in progress.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return new InferenceUpdate(-1, "", null, p);
            var completion = FromPipeline(await run.ConfigureAwait(false), resolved);
            foreach (var choice in completion.Choices)
            {
                yield return new InferenceUpdate(choice.Index, choice.Text, null, null);
                yield return new InferenceUpdate(choice.Index, "", choice.FinishReason, null);
            }
            yield return new InferenceUpdate(-1, "", null, null, completion);
            yield break;
        }

        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = prompt.Tokens, Samples = resolved.Samples, Sampling = resolved.Sampling }, cancellationToken);
        await foreach (var e in handle.Events(CancellationToken.None).ConfigureAwait(false))
        {
            switch (e)
            {
                case TokenGenerated t when t.TextDelta.Length > 0:
                    yield return new InferenceUpdate(t.SampleIndex, t.TextDelta, null, null);
                    break;
                case SampleCompleted c:
                    yield return new InferenceUpdate(c.SampleIndex, c.TextDelta, c.Result.FinishReason, null);
                    break;
            }
        }
        var generation = await handle.Completion.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        yield return new InferenceUpdate(-1, "", null, null, FromGeneration(generation));
    }

    private InferenceCompletion FromGeneration(GenerationResult result) => new(
        result.RequestId, package.Descriptor.Id,
        result.Samples.Select(s => new InferenceChoice(s.Index, s.Text, s.FinishReason, null, s.Index, s.TokenLogprobs)).ToArray(),
        result.PromptTokens, result.CompletionTokens, null, null, null, null);

    private InferenceCompletion FromPipeline(PipelineResult result, ResolvedRequest resolved) => new(
        Guid.NewGuid().ToString("N"), package.Descriptor.Id,
        result.Selection.Chosen.Select((c, i) => new InferenceChoice(i, c.Text, result.Samples[c.Index].FinishReason, c.Answer?.Raw, c.Index,
            result.Samples[c.Index].TokenLogprobs)).ToArray(),
        result.Cost.PromptTokens, result.Cost.CompletionTokens, result.Selection.Explanation, result.Cost, result.Fallback,
        resolved.ReturnCandidates ? result.Candidates : null);

    private sealed class ChannelProgress(System.Threading.Channels.ChannelWriter<PipelineProgress> writer) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => writer.TryWrite(value);
    }

    /// <summary>Stops the decode loop (in-flight calls end as cancelled) and releases the models.</summary>
    public async ValueTask DisposeAsync()
    {
        await scheduler.DisposeAsync().ConfigureAwait(false);
        package.Dispose();
        rewardModel?.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
