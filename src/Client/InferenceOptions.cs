using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Engine.Sampling.Schedules;
using Inference.Pipeline;

namespace Inference.Client;

/// <summary>
/// Sampling and test-time-scaling options of one call. Unset sampling fields fall back to the model's declared
/// generation defaults, then to the engine's (temperature 1, no truncation). A temperature alone is enough to sample.
/// </summary>
public sealed record InferenceOptions
{
    /// <summary>Constant sampling temperature; 0 is greedy. Ignored when <see cref="TemperatureSchedule"/> is set.</summary>
    public double? Temperature { get; init; }

    /// <summary>A per-token temperature schedule (EAD, linear, cosine, exponential).</summary>
    public ITemperatureSchedule? TemperatureSchedule { get; init; }

    /// <summary>Nucleus sampling mass, in (0, 1].</summary>
    public double? TopP { get; init; }

    /// <summary>Keep the k most likely tokens (0 disables).</summary>
    public int? TopK { get; init; }

    /// <summary>Drop tokens below min_p times the top token's probability.</summary>
    public double? MinP { get; init; }

    /// <summary>Hugging Face style repetition penalty (1 disables).</summary>
    public double? RepetitionPenalty { get; init; }

    /// <summary>OpenAI style presence penalty, -2..2.</summary>
    public double? PresencePenalty { get; init; }

    /// <summary>OpenAI style frequency penalty, -2..2.</summary>
    public double? FrequencyPenalty { get; init; }

    /// <summary>Tokens to generate at most per sample.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Strings that end a sample (not included in the text).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Seed of sample 0 (sample i uses seed + i); null draws one.</summary>
    public long? Seed { get; init; }

    /// <summary>Choices to return without selection (OpenAI <c>n</c>); ignored when <see cref="TestTimeScaling"/> is set.</summary>
    public int N { get; init; } = 1;

    /// <summary>Report per-token log-probabilities.</summary>
    public bool Logprobs { get; init; }

    /// <summary>Alternatives per position with their log-probabilities (0..20).</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Sample N and select (strategy, samples, k, verifiers, early stop...); null generates plainly.</summary>
    public TestTimeScalingOptions? TestTimeScaling { get; init; }

    /// <summary>Include every candidate (answers, verdicts, rewards) in the completion.</summary>
    public bool ReturnCandidates { get; init; }

    /// <summary>The engine's sampling parameters for these options and a model's defaults.</summary>
    public SamplingParams ToSamplingParams(SearchDefaults defaults, int defaultMaxTokens) => new()
    {
        Temperature = Temperature ?? defaults.Temperature ?? 1.0,
        TemperatureSchedule = TemperatureSchedule,
        TopP = TopP ?? defaults.TopP ?? 1.0,
        TopK = TopK ?? defaults.TopK ?? 0,
        MinP = MinP ?? 0,
        RepetitionPenalty = RepetitionPenalty ?? defaults.RepetitionPenalty ?? 1.0,
        PresencePenalty = PresencePenalty ?? 0,
        FrequencyPenalty = FrequencyPenalty ?? 0,
        MaxTokens = MaxTokens ?? defaultMaxTokens,
        StopStrings = Stop,
        Seed = Seed,
        Logprobs = Logprobs,
        TopLogprobs = TopLogprobs,
    };
}
