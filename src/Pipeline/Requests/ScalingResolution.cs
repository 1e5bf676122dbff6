using Inference.Engine.Sampling.Schedules;
using Inference.Protocol;
using Inference.Selection;
using static Inference.Pipeline.Requests.RequestValidation;

namespace Inference.Pipeline.Requests;

/// <summary>
/// test_time_scaling (with the model alias and the model's configured selection) -> the pipeline's
/// <see cref="TestTimeScalingOptions"/> and the engine's temperature schedule. Defaults come from
/// <see cref="RequestDefaults"/>, checks from <see cref="RequestValidation"/>.
/// </summary>
public static class ScalingResolution
{
    /// <param name="n">Choices the client asked for (k defaults to it).</param>
    /// <param name="nGiven">Whether the request set n explicitly.</param>
    /// <param name="bestOf">best_of on /v1/completions: sets N.</param>
    /// <param name="maxTokens">The request's max_tokens (early rejection's refill budget is counted in them).</param>
    /// <param name="structured">The samples are JSON documents (response_format or tools): votes compare canonical JSON by default.</param>
    public static TestTimeScalingOptions? Options(TestTimeScalingRequest? wire, AliasSelection? alias, ModelSelectionDefaults? defaults,
        ModelContext model, int n, bool nGiven, int? bestOf, int maxTokens, RequestLimits limits, bool structured = false)
    {
        if (!RequestDefaults.Selects(wire, alias, defaults)) return null;
        KnownFields(wire, Scaling);
        var strategy = RequestValidation.Strategy(RequestDefaults.Strategy(wire, alias, defaults), $"{Scaling}.strategy");
        var k = wire?.K ?? n;
        var samples = RequestDefaults.Samples(wire, bestOf, alias, defaults, k, limits);
        SamplesAndK(wire, bestOf, samples, k, n, nGiven, limits);
        var alpha = RequestDefaults.Alpha(wire, defaults);
        Alpha(alpha);
        var weight = Weight(wire?.Weight);
        var inner = InnerStrategy(RequestDefaults.InnerStrategy(wire));
        Finite(wire?.ScoreAcceptThreshold, $"{Scaling}.score_accept_threshold");
        var answer = Answer(RequestDefaults.Answer(wire, defaults, structured));
        var verifiers = Verifiers(wire?.Verifiers, model);
        ReferenceAnswer(verifiers, wire?.ReferenceAnswer);

        var options = new TestTimeScalingOptions
        {
            Strategy = strategy,
            Samples = samples,
            K = k,
            Alpha = alpha,
            Weight = weight,
            InnerStrategy = inner,
            ScoreAcceptThreshold = wire?.ScoreAcceptThreshold,
            UnverifiedPasses = wire?.UnverifiedPasses ?? false,
            Answer = answer,
            Verifiers = verifiers,
            ReferenceAnswer = wire?.ReferenceAnswer,
            EarlyStop = EarlyStop(wire?.EarlyStop, samples),
            EarlyRejection = EarlyRejection(wire?.EarlyRejection, samples, maxTokens, limits),
        };
        if (wire?.Budget is { } total) options = WithBudget(options, total, wire.EarlyStop);
        if (options.EarlyRejection is not null && options.EarlyStop is not null)
            throw Bad($"{Scaling}.early_rejection", "early_rejection cannot be combined with early_stop: rejection judges the samples of one batch.");
        // Named by the field that asked for the strategy: the request's object, or the model alias it sent.
        var rewardParam = wire?.Strategy is null && alias is not null ? "model"
            : strategy == SelectionStrategyNames.WeightedMajority && wire?.Weight is not null ? $"{Scaling}.weight" : $"{Scaling}.strategy";
        Needs(options.Needs(), strategy, weight, verifiers.Count, model, rewardParam);
        if (options.EarlyRejection is not null && !options.Needs().HasFlag(SelectionNeeds.Reward) && !verifiers.OfType<RewardModelVerifierSpec>().Any())
            throw Bad($"{Scaling}.early_rejection", $"early_rejection scores partial samples with the reward model, so it needs a strategy that ranks by reward " +
                                                    $"(best_of_n, best_of_majority, weighted_majority with weight reward); {strategy} does not.");
        return options;
    }

    /// <summary>A budget takes over the waves: early_stop (beta only) gives its wave size and threshold.</summary>
    private static TestTimeScalingOptions WithBudget(TestTimeScalingOptions options, int total, EarlyStopRequest? earlyStop)
    {
        if (total < 1) throw Bad($"{Scaling}.budget", $"budget must be >= 1; got {total}.");
        if (options.EarlyRejection is not null)
            throw Bad($"{Scaling}.early_rejection", "early_rejection cannot be combined with budget: the budget's waves decide how many samples each prompt gets.");
        if (options.EarlyStop is { Rule: not "beta" })
            throw Bad($"{Scaling}.early_stop.rule", "With budget, early_stop may only use the beta rule: it decides when a prompt is settled.");
        var wave = earlyStop?.WaveSize ?? Math.Min(RequestDefaults.BudgetWaveSize, options.Samples);
        var threshold = options.EarlyStop?.Threshold ?? BetaStoppingRule.DefaultThreshold;
        return options with { EarlyStop = null, Budget = new SampleBudget(total, wave, options.Samples, threshold) };
    }

    private static EarlyRejectionSpec? EarlyRejection(EarlyRejectionRequest? wire, int samples, int maxTokens, RequestLimits limits)
    {
        if (wire is null) return null;
        KnownFields(wire, $"{Scaling}.early_rejection");
        var keep = wire.Keep ?? RequestDefaults.EarlyRejectionKeep;
        RequestValidation.EarlyRejection(wire, keep);
        RefillSpec? refill = null;
        if (RequestDefaults.Refill(wire))
        {
            var budget = wire.MaxTotalTokens ?? RequestDefaults.RefillMaxTotalTokens(samples, maxTokens, limits);
            RefillBudget(budget, samples, maxTokens, limits);
            refill = new RefillSpec(budget);
        }
        else if (wire.MaxTotalTokens is not null)
            throw Bad($"{Scaling}.early_rejection.max_total_tokens", "early_rejection.max_total_tokens is the refill budget: it needs \"refill\": true.");
        return new EarlyRejectionSpec(wire.Checkpoints!.ToArray(), keep, refill);
    }

    private static AnswerExtractionSpec Answer(AnswerFormatRequest answer)
    {
        var format = AnswerFormat(answer);
        return AnswerExtractionSpec.FromName(format, (answer as RegexAnswerFormat)?.Pattern);
    }

    private static List<VerifierSpec> Verifiers(List<VerifierRequest?>? wire, ModelContext model)
    {
        var specs = new List<VerifierSpec>();
        var external = model.Pipeline.Catalog.NamedVerifiers;
        for (var i = 0; i < (wire?.Count ?? 0); i++)
        {
            var param = $"{Scaling}.verifiers[{i}]";
            var v = wire![i] ?? throw Bad(param, "A verifier is a name or an object with a \"type\".");
            if (v is UnknownVerifierRequest) throw UnknownKind($"{param}.type", v.Type, "A verifier's type", VerifierRequest.Types);
            KnownFields(v, param);
            specs.Add(v switch
            {
                NamedVerifierRequest { Name: "reward_model" } => RewardModel(model, null, param),
                NamedVerifierRequest { Name: "reference_answer" or "reference" } => new ReferenceAnswerVerifierSpec(),
                NamedVerifierRequest named when external.Contains(named.Name) => new NamedVerifierSpec(named.Name),
                NamedVerifierRequest named => throw UnknownVerifier(named.Name, param, external),
                RewardModelVerifierRequest r => RewardModel(model, r.AcceptThreshold, param),
                ReferenceAnswerVerifierRequest => new ReferenceAnswerVerifierSpec(),
                RegexVerifierRequest x => new RegexVerifierSpec(x.MustMatch ?? [], x.MustNotMatch ?? []),
                JsonSchemaVerifierRequest j => new JsonSchemaVerifierSpec(JsonSchemaText(j, param)),
                ExternalVerifierRequest { Name: null } => throw Bad($"{param}.name", "An external verifier needs the \"name\" of a configured verifier."),
                ExternalVerifierRequest e when external.Contains(e.Name) => new NamedVerifierSpec(e.Name),
                ExternalVerifierRequest e => throw Bad($"{param}.name",
                    $"No external verifier named '{e.Name}' is configured ({(external.Count == 0 ? "none configured" : string.Join(", ", external))})."),
                _ => throw new InvalidOperationException("unreachable"),
            });
            DistinctVerifiers(specs, param);
        }
        return specs;
    }

    private static RewardModelVerifierSpec RewardModel(ModelContext model, double? acceptThreshold, string param)
    {
        RewardVerifier(model, acceptThreshold, param);
        return new RewardModelVerifierSpec(acceptThreshold);
    }

    private static EarlyStopSpec? EarlyStop(EarlyStopRequest? wire, int samples)
    {
        if (wire is null) return null;
        const string param = $"{Scaling}.early_stop";
        if (wire is UnknownEarlyStopRequest) throw UnknownKind($"{param}.rule", wire.Rule, "early_stop.rule", EarlyStopRequest.Rules);
        KnownFields(wire, param);
        var spec = wire switch
        {
            BetaEarlyStopRequest beta => new EarlyStopSpec("beta", Threshold: RequestDefaults.BetaThreshold(beta), WaveSize: wire.WaveSize),
            EscEarlyStopRequest esc => new EarlyStopSpec("esc", Window: RequestDefaults.EscWindow(esc), WaveSize: wire.WaveSize),
            _ => throw new InvalidOperationException("unreachable"),
        };
        RequestValidation.EarlyStop(spec, wire, samples);
        return spec;
    }

    /// <summary>test_time_scaling.temperature_schedule -> an engine schedule, each parameter range-checked by name.</summary>
    public static ITemperatureSchedule? Schedule(TemperatureScheduleRequest? wire)
    {
        if (wire is null) return null;
        const string param = $"{Scaling}.temperature_schedule";
        if (wire is UnknownScheduleRequest) throw UnknownKind($"{param}.type", wire.Type, "temperature_schedule.type", TemperatureScheduleRequest.Types);
        KnownFields(wire, param);
        switch (wire)
        {
            case ConstantScheduleRequest c:
                return new ConstantTemperature(Range(c.Temperature ?? RequestDefaults.ConstantTemperature, "temperature", 0, 100));
            case EadScheduleRequest e:
            {
                var defaults = RequestDefaults.Ead;
                var max = Range(e.MaxTemperature ?? defaults.MaxTemperature, "max_temperature", 0, 100);
                return new ExploratoryAnnealedTemperature
                {
                    MaxTemperature = max,
                    MinTemperature = Range(e.MinTemperature ?? defaults.MinTemperature, "min_temperature", 0, max),
                    Decay = Positive(e.Decay ?? defaults.Decay, "decay"),
                    Scale = Positive(e.Scale ?? defaults.Scale, "scale"),
                    WarmupTokens = (int)Range(e.WarmupTokens ?? defaults.WarmupTokens, "warmup_tokens", 0, 1_000_000),
                };
            }
            case LinearScheduleRequest l:
                return new LinearTemperature(Range(l.Start, "start", 0, 100), Range(l.End, "end", 0, 100), (int)Range(l.Tokens, "tokens", 1, 1_000_000));
            case CosineScheduleRequest c:
                return new CosineTemperature(Range(c.Start, "start", 0, 100), Range(c.End, "end", 0, 100), (int)Range(c.Tokens, "tokens", 1, 1_000_000));
            case ExponentialScheduleRequest x:
                return new ExponentialTemperature(Range(x.Start, "start", 0, 100), Range(x.Rate, "rate", double.Epsilon, 1),
                    Range(x.Min ?? RequestDefaults.ExponentialMin, "min", 0, 100));
            default:
                throw new InvalidOperationException("unreachable");
        }
    }
}
