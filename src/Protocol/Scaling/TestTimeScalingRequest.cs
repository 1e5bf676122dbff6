namespace Inference.Protocol;

/// <summary>
/// Extension object <c>test_time_scaling</c>: draw <see cref="Samples"/> samples, extract answers, run verifiers and
/// return the k chosen by <see cref="Strategy"/>. Omitted fields come from the model's server-side defaults. A field
/// this object (or one of its parts) does not define is refused with a 400 naming it and the accepted fields.
/// </summary>
public sealed class TestTimeScalingRequest : WireExtensionObject
{
    /// <summary>best_of_n | majority | weighted_majority | best_of_majority | verifier | self_certainty | none, in any
    /// case (short forms bon, bom, maj, wmaj accepted).</summary>
    public string? Strategy { get; set; }

    /// <summary>Samples drawn (N); with early_stop, the budget. On /v1/completions best_of also sets it.</summary>
    public int? Samples { get; set; }

    /// <summary>Distinct answers returned; defaults to n.</summary>
    public int? K { get; set; }

    /// <summary>Best-of-Majority frequency threshold in [0, 1].</summary>
    public double? Alpha { get; set; }

    /// <summary>Weighted majority vote weight: reward | mean_logprob.</summary>
    public string? Weight { get; set; }

    /// <summary>Strategy applied by the verifier strategy to the candidates that passed.</summary>
    public string? InnerStrategy { get; set; }

    /// <summary>A scored verdict at or above this counts as an accept (verifier strategy).</summary>
    public double? ScoreAcceptThreshold { get; set; }

    /// <summary>Whether an unverified verdict lets a candidate pass (verifier strategy).</summary>
    public bool? UnverifiedPasses { get; set; }

    /// <summary>Answer extraction: a format name (auto, hash, gsm8k, answer_is, boxed, last_number, whole_text, json) or
    /// {"format": "regex", "pattern": "...(?&lt;answer&gt;...)..."}.</summary>
    public AnswerFormatRequest? Answer { get; set; }

    /// <summary>A known correct answer, for the reference_answer verifier.</summary>
    public string? ReferenceAnswer { get; set; }

    /// <summary>Each a name ("reward_model", "reference_answer", or a verifier configured under Verifiers:Http) or an
    /// object {"type": "reward_model" | "reference_answer" | "regex" | "json_schema" | "external", ...}.</summary>
    public List<VerifierRequest?>? Verifiers { get; set; }

    /// <summary>A per-token temperature schedule for the samples.</summary>
    public TemperatureScheduleRequest? TemperatureSchedule { get; set; }

    /// <summary>Sample in waves and stop once the vote is settled.</summary>
    public EarlyStopRequest? EarlyStop { get; set; }

    /// <summary>One sample budget over all the prompts of a /v1/completions request (a prompt array): samples go in waves
    /// to the prompts whose vote is least settled. samples is then the most any one prompt gets (default the server's
    /// Limits:MaxSamples); an early_stop with rule beta sets the wave size and the threshold at which a prompt is settled.</summary>
    public int? Budget { get; set; }

    /// <summary>Stop weak partial samples at checkpoints, judged by the reward model (reward-ranked strategies).</summary>
    public EarlyRejectionRequest? EarlyRejection { get; set; }

    /// <summary>Include every candidate (text, answer, verdicts, reward) in the response.</summary>
    public bool? ReturnCandidates { get; set; }
}
