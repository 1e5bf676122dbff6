namespace Inference.Client;

/// <summary>
/// Keys of <c>ChatOptions.AdditionalProperties</c> that both clients understand, for what
/// <c>Microsoft.Extensions.AI.ChatOptions</c> has no property for.
/// </summary>
public static class InferenceChatOptionKeys
{
    /// <summary>int: choices to return without selection (OpenAI n).</summary>
    public const string N = "n";

    /// <summary>double: min-p truncation.</summary>
    public const string MinP = "min_p";

    /// <summary>double: Hugging Face style repetition penalty.</summary>
    public const string RepetitionPenalty = "repetition_penalty";

    /// <summary>bool: report per-token log-probabilities.</summary>
    public const string Logprobs = "logprobs";

    /// <summary>int: alternatives per position (0..20).</summary>
    public const string TopLogprobs = "top_logprobs";

    /// <summary><see cref="Protocol.TestTimeScalingRequest"/>: sample and select (its temperature_schedule, early_stop,
    /// verifiers and return_candidates included).</summary>
    public const string TestTimeScaling = "test_time_scaling";

    /// <summary>Set on responses: the choices (all k of them).</summary>
    public const string Choices = "choices";

    /// <summary>Set on responses and updates: the selection explanation, when test-time scaling ran.</summary>
    public const string Explanation = "test_time_scaling";

    /// <summary>Set on streaming updates: the index of the choice the update belongs to.</summary>
    public const string ChoiceIndex = "choice_index";
}
