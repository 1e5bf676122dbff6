using Inference.Engine.Sampling;
using Inference.Pipeline.Tools;
using Inference.Protocol;
using static Inference.Pipeline.Requests.RequestValidation;

namespace Inference.Pipeline.Requests;

/// <summary>
/// The one function from a wire request, the model it runs on and the deployment's limits to what the engine runs:
/// sampling parameters, choices and samples, and the prepared selection. The server resolves every generation request
/// here and the embedded client resolves its calls here too (as chat requests), so both apply the same defaults
/// (<see cref="RequestDefaults"/>) and the same checks (<see cref="RequestValidation"/>), whose refusals name the wire field.
/// </summary>
public sealed class RequestResolver(RequestLimits limits)
{
    public RequestLimits Limits => limits;

    /// <summary>A chat request whose messages render to <paramref name="promptTokens"/> tokens.</summary>
    /// <param name="alias">The selection the model name implied, if it was an alias.</param>
    /// <param name="defaults">The model's configured selection, if any.</param>
    /// <param name="tools">The request's tools (<see cref="ChatTools.Resolve"/>), read before its messages were rendered.</param>
    public ResolvedRequest ResolveChat(ChatCompletionRequest request, int promptTokens, ModelContext model,
        AliasSelection? alias = null, ModelSelectionDefaults? defaults = null, ChatTools? tools = null)
    {
        Unsupported(request);
        var constraint = tools?.Constraint ?? ResponseFormatResolution.Constraint(request.ResponseFormat);
        var n = N(request.N, limits);
        ChatLogprobs(request, limits);
        var maxTokens = request.MaxCompletionTokens is { } completion ? MaxTokens(completion, "max_completion_tokens", limits)
            : request.MaxTokens is { } max ? MaxTokens(max, "max_tokens", limits)
            : RequestDefaults.MaxTokens(RequestEndpoint.Chat, model.ContextLength, promptTokens, limits);
        Context(promptTokens, maxTokens, model.ContextLength, "messages");
        if (request.TestTimeScaling?.Budget is not null)
            throw Bad($"{Scaling}.budget", "budget spreads samples over several prompts: send them as a prompt array to /v1/completions " +
                                           "(or the embedded client's CreateCompletionsAsync).");
        var options = ScalingResolution.Options(request.TestTimeScaling, alias, defaults, model, n, request.N is not null, bestOf: null, maxTokens, limits,
            structured: constraint is not null);
        var logprobs = request.Logprobs ?? false;
        var topLogprobs = logprobs ? request.TopLogprobs ?? 0 : 0;
        var sampling = Sampling(request, model, maxTokens, options, logprobs, topLogprobs) with { Constraint = constraint };
        return Finish(sampling, n, options?.Samples ?? n, options, request.TestTimeScaling, model, "n", topLogprobs, null) with { Tools = tools };
    }

    /// <summary>A legacy completions request whose prompts have these token counts.</summary>
    public ResolvedRequest ResolveCompletion(CompletionRequest request, IReadOnlyList<int> promptTokens, ModelContext model,
        AliasSelection? alias = null, ModelSelectionDefaults? defaults = null)
    {
        Suffix(request);
        var n = N(request.N, limits);
        BestOf(request, n, limits);
        LegacyLogprobs(request);
        // echo + logprobs scores the prompt (how evaluation harnesses compute log-likelihoods); max_tokens 0 then returns
        // the prompt's scores alone.
        var scoresPrompt = request.Echo == true && request.Logprobs is not null;
        int maxTokens;
        if (request.MaxTokens == 0)
        {
            ZeroMaxTokens(scoresPrompt);
            maxTokens = 0;
        }
        else maxTokens = request.MaxTokens is { } max ? MaxTokens(max, "max_tokens", limits)
            : RequestDefaults.MaxTokens(RequestEndpoint.Completions, model.ContextLength, promptTokens.Max(), limits);
        foreach (var tokens in promptTokens) Context(tokens, maxTokens, model.ContextLength, "prompt");
        var options = ScalingResolution.Options(request.TestTimeScaling, alias, defaults, model, n, request.N is not null, request.BestOf, maxTokens, limits);
        if (options is not null && scoresPrompt)
            throw Bad("echo", "echo with logprobs (prompt scoring) cannot be combined with test_time_scaling.");
        if (options?.Budget is { } budget)
        {
            if (budget.Total < promptTokens.Count)
                throw Bad($"{Scaling}.budget", $"budget ({budget.Total}) must give each of the {promptTokens.Count} prompts at least one sample.");
            if (request.Stream == true) throw Bad("stream", "A budget across prompts is not streamed: its samples are allocated until the end.");
        }
        var topLogprobs = request.Logprobs ?? 0;
        var sampling = Sampling(request, model, maxTokens, options, request.Logprobs is not null, topLogprobs);
        var samples = options?.Samples ?? request.BestOf ?? n;
        // best_of without a strategy keeps the n samples of highest mean log-probability, so every token is scored.
        if (options is null && samples > n) sampling = sampling with { ScoreSamples = true };
        return Finish(sampling, n, samples, options, request.TestTimeScaling, model, request.BestOf is not null ? "best_of" : "n", topLogprobs,
            scoresPrompt ? topLogprobs : null);
    }

    private SamplingParams Sampling(SamplingFields f, ModelContext model, int maxTokens, TestTimeScalingOptions? options, bool logprobs, int topLogprobs)
    {
        Finite(f.Temperature, "temperature");
        MinTokens(f.MinTokens, maxTokens);
        var generation = model.GenerationDefaults;
        var sampling = new SamplingParams
        {
            Temperature = RequestDefaults.Temperature(f.Temperature, generation),
            TemperatureSchedule = options is null ? null : ScalingResolution.Schedule(f.TestTimeScaling?.TemperatureSchedule),
            TopP = RequestDefaults.TopP(f.TopP, generation),
            TopK = RequestDefaults.TopK(f.TopK, generation),
            MinP = f.MinP ?? 0,
            RepetitionPenalty = RequestDefaults.RepetitionPenalty(f.RepetitionPenalty, generation),
            PresencePenalty = f.PresencePenalty ?? 0,
            FrequencyPenalty = f.FrequencyPenalty ?? 0,
            LogitBias = LogitBias(f.LogitBias),
            StopStrings = Stop(f.Stop, limits),
            StopTokenIds = f.StopTokenIds ?? [],
            IgnoreEos = f.IgnoreEos ?? false,
            MaxTokens = maxTokens,
            MinTokens = f.MinTokens ?? 0,
            Seed = f.Seed,
            Logprobs = logprobs,
            TopLogprobs = topLogprobs,
            SkipSpecialTokens = f.SkipSpecialTokens ?? true,
        };
        RequestValidation.Sampling(sampling, model.VocabSize);
        return sampling;
    }

    private ResolvedRequest Finish(SamplingParams sampling, int n, int samples, TestTimeScalingOptions? options, TestTimeScalingRequest? wire,
        ModelContext model, string samplesParam, int topLogprobs, int? promptLogprobs)
    {
        if (options is null)
        {
            Batch(samples, samplesParam, limits);
            return new ResolvedRequest(sampling, n, samples, null, false, topLogprobs, promptLogprobs);
        }
        var rows = options.Budget is { } budget ? Math.Min(options.Samples, budget.WaveSize)
            : options.EarlyStop is null ? options.Samples : Math.Min(options.Samples, options.EarlyStop.Wave);
        Batch(rows, $"{Scaling}.samples", limits);
        var selection = model.Pipeline.Prepare(options);
        return new ResolvedRequest(sampling, n, samples, selection, wire?.ReturnCandidates ?? false, topLogprobs, promptLogprobs);
    }
}
