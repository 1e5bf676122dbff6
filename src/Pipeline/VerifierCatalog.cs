using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline;

/// <summary>
/// The verifiers a deployment offers: the reward model (if one is configured) and named verifiers from
/// configuration (external services). Turns a request's <see cref="VerifierSpec"/>s into verifier instances.
/// </summary>
public sealed class VerifierCatalog(RewardModel? rewardModel = null, IReadOnlyDictionary<string, IVerifier>? named = null)
{
    private readonly IReadOnlyDictionary<string, IVerifier> named = named ?? new Dictionary<string, IVerifier>();

    public RewardModel? RewardModel { get; } = rewardModel;

    public IReadOnlyCollection<string> NamedVerifiers => named.Keys.ToArray();

    /// <summary>
    /// The verifiers for a request and the name of the one whose score is the candidates' reward. A strategy that
    /// ranks by reward (<paramref name="needs"/>) gets the reward model even when the request did not list it. A
    /// configuration a verifier refuses (a bad regex or schema) is named by its place in the request's list.
    /// </summary>
    public (IReadOnlyList<IVerifier> Verifiers, string? RewardFrom) Resolve(TestTimeScalingOptions options, SelectionNeeds needs)
    {
        var specs = options.Verifiers.ToList();
        if (needs.HasFlag(SelectionNeeds.Reward) && !specs.OfType<RewardModelVerifierSpec>().Any())
        {
            if (RewardModel is null)
                throw new PipelineConfigurationException("test_time_scaling.strategy",
                    $"The {options.Strategy} strategy ranks by reward, and no reward model is configured for this model.");
            specs.Add(new RewardModelVerifierSpec());
        }
        var duplicate = specs.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PipelineConfigurationException("test_time_scaling.verifiers", $"The verifier '{duplicate.Key}' is listed twice.");

        var verifiers = specs.Select((spec, i) => Create(spec, $"test_time_scaling.verifiers[{i}]")).ToArray();
        return (verifiers, specs.OfType<RewardModelVerifierSpec>().FirstOrDefault()?.Name);

        IVerifier Create(VerifierSpec spec, string param)
        {
            try
            {
                return spec switch
                {
                    RewardModelVerifierSpec r => RewardModel is null
                        ? throw new PipelineConfigurationException(param, "The reward_model verifier was requested but no reward model is configured.")
                        : new RewardModelVerifier(RewardModel, r.Name, r.AcceptThreshold),
                    ReferenceAnswerVerifierSpec a => string.IsNullOrWhiteSpace(options.ReferenceAnswer)
                        ? throw new PipelineConfigurationException("test_time_scaling.reference_answer", "The reference_answer verifier needs test_time_scaling.reference_answer.")
                        : new AnswerCheckVerifier(a.Name),
                    RegexVerifierSpec x => new RegexVerifier(x.Name, x.MustMatch, x.MustNotMatch),
                    JsonSchemaVerifierSpec j => new JsonSchemaVerifier(j.Name, j.Schema),
                    NamedVerifierSpec n => named.TryGetValue(n.VerifierName, out var verifier)
                        ? verifier
                        : throw new PipelineConfigurationException(param,
                            $"No verifier named '{n.VerifierName}' is configured (configured: {(named.Count == 0 ? "none" : string.Join(", ", named.Keys))})."),
                    _ => throw new PipelineConfigurationException(param, $"Unsupported verifier {spec.GetType().Name}."),
                };
            }
            catch (InvalidVerifierConfigurationException ex)
            {
                var field = spec switch { RegexVerifierSpec => ".must_match", JsonSchemaVerifierSpec => ".schema", _ => "" };
                throw new PipelineConfigurationException(param + field, ex.Message);
            }
        }
    }
}
