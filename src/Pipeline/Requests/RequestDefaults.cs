using Inference.Engine.Packages;
using Inference.Protocol;
using Inference.Selection;

namespace Inference.Pipeline.Requests;

/// <summary>
/// Every value a request gets for a field it leaves out, in one place, for the server and the embedded client alike:
/// the request's value, else the model's declared generation default (genai_config.json "search" or
/// generation_config.json: temperature, top_p, top_k, repetition_penalty), else the API's default.
/// </summary>
public static class RequestDefaults
{
    /// <summary>/v1/completions without max_tokens: OpenAI's legacy default.</summary>
    public const int CompletionsMaxTokens = 16;

    /// <summary>Samples drawn by a selection that names neither samples nor k above it.</summary>
    public const int MinSelectionSamples = 8;

    /// <summary>
    /// max_tokens when the request gives none: chat (and the embedded client) generate up to the rest of the context,
    /// at most <see cref="RequestLimits.MaxTokens"/>; legacy completions 16 (OpenAI's default), within the same cap.
    /// </summary>
    public static int MaxTokens(RequestEndpoint endpoint, int contextLength, int promptTokens, RequestLimits limits) => endpoint == RequestEndpoint.Completions
        ? Math.Max(1, Math.Min(CompletionsMaxTokens, limits.MaxTokens))
        : Math.Clamp(contextLength - promptTokens, 1, limits.MaxTokens);

    public static double Temperature(double? requested, SearchDefaults model) => requested ?? model.Temperature ?? 1.0;

    public static double TopP(double? requested, SearchDefaults model) => requested ?? model.TopP ?? 1.0;

    public static int TopK(int? requested, SearchDefaults model) => requested ?? model.TopK ?? 0;

    public static double RepetitionPenalty(double? requested, SearchDefaults model) => requested ?? model.RepetitionPenalty ?? 1.0;

    /// <summary>Whether test-time scaling applies: the request asked for it, its model name is an alias, or the model's
    /// configured selection applies to every request.</summary>
    public static bool Selects(TestTimeScalingRequest? wire, AliasSelection? alias, ModelSelectionDefaults? model) =>
        wire is not null || alias is not null || model?.ApplyToAllRequests == true;

    /// <summary>The strategy as written: the request's, else the alias's, else the model's, else majority.</summary>
    public static string Strategy(TestTimeScalingRequest? wire, AliasSelection? alias, ModelSelectionDefaults? model) =>
        wire?.Strategy ?? alias?.Strategy ?? model?.Strategy ?? SelectionStrategyNames.Majority;

    /// <summary>N: the request's samples, else best_of, else (with a budget, whose per-prompt cap it is) the server's
    /// largest N, else the alias's, else the model's, else 8 or k, whichever is larger.</summary>
    public static int Samples(TestTimeScalingRequest? wire, int? bestOf, AliasSelection? alias, ModelSelectionDefaults? model, int k, RequestLimits limits) =>
        wire?.Samples ?? bestOf ?? (wire?.Budget is not null ? limits.MaxSamples : alias?.Samples ?? model?.Samples ?? Math.Max(MinSelectionSamples, k));

    /// <summary>Samples per prompt per wave of a budget when early_stop does not say (small waves follow the vote closely).</summary>
    public const int BudgetWaveSize = 4;

    public static double Alpha(TestTimeScalingRequest? wire, ModelSelectionDefaults? model) => wire?.Alpha ?? model?.Alpha ?? SelectionOptions.DefaultAlpha;

    /// <summary>The answer format: the request's, else canonical JSON when the output is structured (response_format), else the
    /// model's configured one, else auto.</summary>
    public static AnswerFormatRequest Answer(TestTimeScalingRequest? wire, ModelSelectionDefaults? model, bool structured = false) =>
        wire?.Answer ?? (structured ? AnswerFormatRequest.Named("json") : model?.Answer is { } name
            ? AnswerFormatRequest.Formats.Canonical(name) == "regex" ? AnswerFormatRequest.Regex(model.AnswerPattern ?? "") : AnswerFormatRequest.Named(name)
            : AnswerFormatRequest.Named("auto"));

    public static string InnerStrategy(TestTimeScalingRequest? wire) => wire?.InnerStrategy ?? SelectionStrategyNames.Majority;

    public static double BetaThreshold(BetaEarlyStopRequest wire) => wire.Threshold ?? BetaStoppingRule.DefaultThreshold;

    public static int EscWindow(EscEarlyStopRequest wire) => wire.Window ?? WindowStoppingRule.DefaultWindow;

    /// <summary>early_rejection.keep when omitted: half the running samples go on at each checkpoint.</summary>
    public const double EarlyRejectionKeep = 0.5;

    /// <summary>early_rejection.refill when omitted: no refills.</summary>
    public static bool Refill(EarlyRejectionRequest wire) => wire.Refill ?? false;

    /// <summary>early_rejection.max_total_tokens when refill is on and it is omitted: room for as many refills as first
    /// samples (2 x samples x max_tokens), within the Limits:MaxSamples samples a request may start.</summary>
    public static int RefillMaxTotalTokens(int samples, int maxTokens, RequestLimits limits) =>
        (int)Math.Min(int.MaxValue, (long)Math.Min(2 * samples, Math.Max(samples, limits.MaxSamples)) * Math.Max(1, maxTokens));

    /// <summary>Schedules: the engine's EAD defaults for what an ead schedule leaves out, temperature 1 for constant, 0 for
    /// exponential's floor.</summary>
    public static Engine.Sampling.Schedules.ExploratoryAnnealedTemperature Ead { get; } = new();

    public const double ConstantTemperature = 1.0;

    public const double ExponentialMin = 0;
}
