using Inference.Engine.Sampling.Schedules;

namespace Inference.Engine.Sampling;

/// <summary>
/// How the tokens of one request are chosen and when its samples stop. Every sample of the request uses the same
/// parameters; sample i draws from its own random stream seeded with <see cref="Seed"/> + i.
/// </summary>
public sealed record SamplingParams
{
    /// <summary>Constant temperature; 0 is greedy. Ignored when <see cref="TemperatureSchedule"/> is set.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>A per-token temperature schedule (EAD, linear, ...), replacing <see cref="Temperature"/>.</summary>
    public ITemperatureSchedule? TemperatureSchedule { get; init; }

    /// <summary>Keep the k most likely tokens; 0 disables.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of tokens whose probability reaches p; 1 disables.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Drop tokens whose probability is below min_p times the top token's; 0 disables.</summary>
    public double MinP { get; init; }

    /// <summary>Hugging Face style: logits of tokens already in the prompt or output are divided (if positive) or
    /// multiplied (if negative) by this; 1 disables.</summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>OpenAI style, over generated tokens: subtracted once from a token that appeared.</summary>
    public double PresencePenalty { get; init; }

    /// <summary>OpenAI style, over generated tokens: subtracted per occurrence.</summary>
    public double FrequencyPenalty { get; init; }

    /// <summary>Added to the logit of a token id.</summary>
    public IReadOnlyDictionary<int, double> LogitBias { get; init; } = new Dictionary<int, double>();

    /// <summary>Generation stops at these ids (in addition to the model's EOS ids unless <see cref="IgnoreEos"/>).</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>Generation stops when the text ends with one of these; the matched text is not part of the output.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    public bool IgnoreEos { get; init; }

    public int MaxTokens { get; init; } = 256;

    /// <summary>Stop tokens are suppressed until this many tokens were generated.</summary>
    public int MinTokens { get; init; }

    /// <summary>Seed of sample 0; sample i uses Seed + i. Null draws a seed (reported in the result).</summary>
    public long? Seed { get; init; }

    /// <summary>How many alternatives to report per position with their log-probabilities (0..20).</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Report the sampled token's log-probability per position.</summary>
    public bool Logprobs { get; init; }

    /// <summary>
    /// Compute every sampled token's log-probability (summed in <see cref="Generation.SampleResult.LogprobSum"/>) even when
    /// <see cref="Logprobs"/> and <see cref="TopLogprobs"/> report none: what ranking samples by likelihood needs. Off by
    /// default because it costs a pass over the vocabulary per token when sampling is truncated or not at temperature 1.
    /// </summary>
    public bool ScoreSamples { get; init; }

    public bool SkipSpecialTokens { get; init; } = true;

    /// <summary>
    /// Constrained decoding: every sample is a document of this grammar (JSON Schema, json_object, regex or choices).
    /// Tokens the grammar does not allow are masked before sampling (after logit bias and penalties), stop tokens are
    /// allowed only where the document is complete, and as max_tokens runs out only tokens after which the document
    /// can still be closed in the tokens left are allowed. A sample ends with <c>stop</c> when its document is
    /// complete and nothing may follow; <c>length</c> only when no valid document fits. The scheduler refuses a
    /// request whose max_tokens is below the shortest document (<see cref="Constraints.BoundConstraint.MinimumTokens"/>).
    /// Stop strings still apply and may cut a document short.
    /// </summary>
    public Constraints.TokenConstraint? Constraint { get; init; }

    public const int MaxTopLogprobs = 20;

    /// <summary>Throws <see cref="InvalidSamplingParameterException"/> naming the first invalid parameter.</summary>
    public void Validate(int vocabularySize)
    {
        static void Require(bool ok, string param, string message)
        {
            if (!ok) throw new InvalidSamplingParameterException(param, message);
        }

        Require(double.IsFinite(Temperature) && Temperature >= 0 && Temperature <= 100, "temperature", "temperature must be between 0 and 100.");
        Require(TopK >= 0, "top_k", "top_k must be >= 0 (0 disables it).");
        Require(double.IsFinite(TopP) && TopP > 0 && TopP <= 1, "top_p", "top_p must be in (0, 1].");
        Require(double.IsFinite(MinP) && MinP >= 0 && MinP <= 1, "min_p", "min_p must be in [0, 1].");
        Require(double.IsFinite(RepetitionPenalty) && RepetitionPenalty > 0 && RepetitionPenalty <= 10, "repetition_penalty", "repetition_penalty must be in (0, 10].");
        Require(double.IsFinite(PresencePenalty) && Math.Abs(PresencePenalty) <= 2, "presence_penalty", "presence_penalty must be between -2 and 2.");
        Require(double.IsFinite(FrequencyPenalty) && Math.Abs(FrequencyPenalty) <= 2, "frequency_penalty", "frequency_penalty must be between -2 and 2.");
        Require(MaxTokens >= 1, "max_tokens", "max_tokens must be >= 1.");
        Require(MinTokens >= 0 && MinTokens <= MaxTokens, "min_tokens", "min_tokens must be between 0 and max_tokens.");
        Require(TopLogprobs >= 0 && TopLogprobs <= MaxTopLogprobs, "top_logprobs", $"top_logprobs must be between 0 and {MaxTopLogprobs}.");
        foreach (var (token, bias) in LogitBias)
        {
            Require(token >= 0 && token < vocabularySize, "logit_bias", $"logit_bias names token {token}, outside the vocabulary of {vocabularySize}.");
            Require(double.IsFinite(bias) && Math.Abs(bias) <= 100, "logit_bias", "logit_bias values must be between -100 and 100.");
        }
        foreach (var token in StopTokenIds)
            Require(token >= 0 && token < vocabularySize, "stop_token_ids", $"stop token {token} is outside the vocabulary of {vocabularySize}.");
        foreach (var stop in StopStrings) Require(!string.IsNullOrEmpty(stop), "stop", "stop strings must not be empty.");
        if (TemperatureSchedule is { } schedule)
            for (var t = 0; t < Math.Min(MaxTokens, 4096); t++)
            {
                var tau = schedule.At(t);
                Require(double.IsFinite(tau) && tau >= 0, "temperature_schedule", $"the {schedule.Name} schedule gives temperature {tau} at token {t}; it must be finite and >= 0.");
            }
    }

    /// <summary>The temperature of generated-token index t.</summary>
    public double TemperatureAt(int t) => TemperatureSchedule?.At(t) ?? Temperature;
}

/// <summary>A sampling parameter is out of range; <see cref="Parameter"/> is its API name.</summary>
public sealed class InvalidSamplingParameterException(string parameter, string message) : ArgumentException(message, parameter)
{
    public string Parameter { get; } = parameter;
}
