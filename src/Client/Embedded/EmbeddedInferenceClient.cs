using System.Runtime.CompilerServices;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Pipeline;
using Inference.Pipeline.Requests;
using Inference.Pipeline.Tools;
using Inference.Protocol;
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
    {
        var (prompt, resolved) = Prepare(messages, options);
        return RunAsync(prompt, resolved, cancellationToken);
    }

    /// <summary>Continues a plain text prompt (no chat template), with the same defaults as a conversation.</summary>
    public Task<InferenceCompletion> CompleteTextAsync(string prompt, InferenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = TextPrompt(prompt);
        return RunAsync(text, Resolve(text, options), cancellationToken);
    }

    /// <summary>Streams the answer to a conversation.</summary>
    public IAsyncEnumerable<InferenceUpdate> StreamAsync(IReadOnlyList<EngineChatMessage> messages, InferenceOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (prompt, resolved) = Prepare(messages, options);
        return StreamCoreAsync(prompt, resolved, cancellationToken);
    }

    /// <summary>Streams the continuation of a plain text prompt.</summary>
    public IAsyncEnumerable<InferenceUpdate> StreamTextAsync(string prompt, InferenceOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var text = TextPrompt(prompt);
        return StreamCoreAsync(text, Resolve(text, options), cancellationToken);
    }

    /// <summary>A chat request exactly as the server takes it (messages, every sampling field, test_time_scaling), resolved
    /// with the rules of /v1/chat/completions: the same request and seed give the server's choices and votes.</summary>
    public Task<InferenceCompletion> CreateChatCompletionAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tools = ChatTools.Resolve(request);
        var prompt = ChatMessageMapping.Render(package, ChatMessageMapping.ToChatMessages(request.Messages, int.MaxValue), request.AddGenerationPrompt ?? true,
            tools?.Definitions);
        return RunAsync(prompt, resolver.ResolveChat(request, prompt.Tokens.Count, context, tools: tools), cancellationToken);
    }

    /// <summary>A completions request with one prompt, resolved with the rules of /v1/completions (max_tokens 16 when
    /// absent, logprobs as a count, best_of). Prompt scoring (echo with logprobs) is the server's alone.</summary>
    public Task<InferenceCompletion> CreateCompletionAsync(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = PromptMapping.ToPrompts(request.Prompt, package.Tokenizer, package.Descriptor.VocabSize, maxPrompts: 1)[0];
        var resolved = resolver.ResolveCompletion(request, [text.Tokens.Count], context);
        if (resolved.PromptLogprobs is not null)
            throw new InvalidRequestException("echo", "echo with logprobs (prompt scoring) is served by the server's /v1/completions only.");
        return RunAsync(new RequestPrompt(text.Tokens, text.Text, text.Text), resolved, cancellationToken);
    }

    /// <summary>
    /// The batch form: a completions request with one prompt or a prompt array, resolved with the rules of
    /// /v1/completions, one completion per prompt in order. With test_time_scaling.budget the prompts share one sample
    /// budget (<see cref="TestTimeScalingPipeline.RunBudgetedAsync"/>), as on the server; otherwise each prompt runs on
    /// its own, all at once.
    /// </summary>
    public async Task<IReadOnlyList<InferenceCompletion>> CreateCompletionsAsync(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var texts = PromptMapping.ToPrompts(request.Prompt, package.Tokenizer, package.Descriptor.VocabSize, maxPrompts: int.MaxValue);
        var resolved = resolver.ResolveCompletion(request, texts.Select(t => t.Tokens.Count).ToList(), context);
        if (resolved.PromptLogprobs is not null)
            throw new InvalidRequestException("echo", "echo with logprobs (prompt scoring) is served by the server's /v1/completions only.");
        var prompts = texts.Select(t => new RequestPrompt(t.Tokens, t.Text, t.Text)).ToList();
        if (resolved.Scaling?.Budget is { } budget)
        {
            var results = await pipeline.RunBudgetedAsync(prompts.Select(p => Scaled(p, resolved)).ToList(), budget, null, cancellationToken).ConfigureAwait(false);
            return results.Select(r => FromPipeline(r, resolved)).ToList();
        }
        return await Task.WhenAll(prompts.Select(p => RunAsync(p, resolved, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>A conversation rendered with the options' tools, and the options resolved for it.</summary>
    private (RequestPrompt, ResolvedRequest) Prepare(IReadOnlyList<EngineChatMessage> messages, InferenceOptions? options)
    {
        if (messages.Count == 0) throw new InvalidRequestException("messages", "messages must be a non-empty list.");
        var tools = ChatTools.Resolve((options ?? new InferenceOptions()).ToChatRequest());
        var prompt = ChatMessageMapping.Render(package, messages, addGenerationPrompt: true, tools?.Definitions);
        return (prompt, Resolve(prompt, options, tools));
    }

    private RequestPrompt TextPrompt(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return new RequestPrompt(package.Tokenizer.Encode(prompt, addSpecialTokens: true), prompt, prompt);
    }

    /// <summary>Options as the engine runs them: as a chat request, resolved for this model.</summary>
    private ResolvedRequest Resolve(RequestPrompt prompt, InferenceOptions? options, ChatTools? tools = null)
    {
        options ??= new InferenceOptions();
        var resolved = resolver.ResolveChat(options.ToChatRequest(), prompt.Tokens.Count, context, tools: tools);
        return options is EmbeddedInferenceOptions { TemperatureSchedule: { } schedule }
            ? resolved with { Sampling = resolved.Sampling with { TemperatureSchedule = schedule } }
            : resolved;
    }

    private static PipelineRequest Scaled(RequestPrompt prompt, ResolvedRequest resolved) =>
        new(prompt.Tokens, prompt.UserText, prompt.Rendered, resolved.Sampling, resolved.Scaling!) { Prepared = resolved.Selection };

    private async Task<InferenceCompletion> RunAsync(RequestPrompt prompt, ResolvedRequest resolved, CancellationToken cancellationToken)
    {
        if (resolved.Selection is not null)
        {
            var result = await pipeline.RunAsync(Scaled(prompt, resolved), null, cancellationToken).ConfigureAwait(false);
            return FromPipeline(result, resolved);
        }
        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = prompt.Tokens, Samples = resolved.Samples, Sampling = resolved.Sampling, Stream = false },
            cancellationToken);
        var generation = await handle.Completion.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return FromGeneration(generation, resolved);
    }

    private async IAsyncEnumerable<InferenceUpdate> StreamCoreAsync(RequestPrompt prompt, ResolvedRequest resolved,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
                yield return new InferenceUpdate(choice.Index, "", choice.FinishReason, null) { ToolCalls = choice.ToolCalls };
            }
            yield return new InferenceUpdate(-1, "", null, null, completion);
            yield break;
        }

        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = prompt.Tokens, Samples = resolved.Samples, Sampling = resolved.Sampling }, cancellationToken);
        // With tools, text goes out only as far as it cannot be a call; the calls come with the sample's last update.
        var toolText = resolved.Tools is { Mode: not ToolChoiceMode.None } ? new Dictionary<int, ToolTextStream>() : null;
        await foreach (var e in handle.Events(CancellationToken.None).ConfigureAwait(false))
        {
            switch (e)
            {
                case TokenGenerated t when toolText is not null:
                    var content = ToolText(t.SampleIndex).Append(t.TextDelta);
                    if (content.Length > 0) yield return new InferenceUpdate(t.SampleIndex, content, null, null);
                    break;
                case TokenGenerated t when t.TextDelta.Length > 0:
                    yield return new InferenceUpdate(t.SampleIndex, t.TextDelta, null, null);
                    break;
                case SampleCompleted c when toolText is not null:
                    var stream = ToolText(c.SampleIndex);
                    var last = stream.Append(c.TextDelta);
                    var (message, unsent) = stream.Finish();
                    yield return new InferenceUpdate(c.SampleIndex, last + unsent, c.Result.FinishReason, null) { ToolCalls = ToolCallWire.ToWire(message.Calls) };
                    break;
                case SampleCompleted c:
                    yield return new InferenceUpdate(c.SampleIndex, c.TextDelta, c.Result.FinishReason, null);
                    break;
            }
        }
        var generation = await handle.Completion.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        yield return new InferenceUpdate(-1, "", null, null, FromGeneration(generation, resolved));

        ToolTextStream ToolText(int sample) =>
            toolText!.TryGetValue(sample, out var existing) ? existing : toolText[sample] = new ToolTextStream(resolved.Tools!);
    }

    /// <summary>The returned choices: every sample, or with best_of above n the n of highest mean log-probability.</summary>
    private InferenceCompletion FromGeneration(GenerationResult result, ResolvedRequest resolved) => new(
        result.RequestId, package.Descriptor.Id,
        BestOfRanking.Returned(result.Samples, resolved.N)
            .Select((s, i) => Choice(i, s.Text, s.FinishReason, null, s.Index, s.TokenLogprobs, resolved)).ToArray(),
        result.PromptTokens, result.CompletionTokens, null, null, null, null);

    private InferenceCompletion FromPipeline(PipelineResult result, ResolvedRequest resolved) => new(
        Guid.NewGuid().ToString("N"), package.Descriptor.Id,
        result.Selection.Chosen.Select((c, i) => Choice(i, c.Text, result.Samples[c.Index].FinishReason, c.Answer?.Raw, c.Index,
            result.Samples[c.Index].TokenLogprobs, resolved)).ToArray(),
        result.Cost.PromptTokens, result.Cost.CompletionTokens, result.Selection.Explanation, result.Cost, result.Fallback,
        resolved.ReturnCandidates ? result.Candidates : null)
    {
        EarlyRejection = result.EarlyRejection,
        Budget = result.Budget,
    };

    /// <summary>A returned sample; with tools, its calls parsed out of its text.</summary>
    private static InferenceChoice Choice(int index, string text, FinishReason finish, string? answer, int sample, IReadOnlyList<float>? logprobs,
        ResolvedRequest resolved)
    {
        var message = ToolCallParser.Parse(text, resolved.Tools);
        return new InferenceChoice(index, message.Content ?? "", finish, answer, sample, logprobs, ToolCallWire.ToWire(message.Calls));
    }

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
