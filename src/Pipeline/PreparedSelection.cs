using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline;

/// <summary>A request's selection, built once when the request is checked: the strategy, the answer extractor and
/// the verifiers it runs (the reward model among them when the strategy ranks by reward).</summary>
public sealed record PreparedSelection(
    TestTimeScalingOptions Options,
    ISelectionStrategy Strategy,
    IAnswerExtractor Extractor,
    IReadOnlyList<IVerifier> Verifiers,
    string? RewardFrom);
