namespace Inference.Selection;

/// <summary>What a strategy needs the candidates to carry, so that a request is checked once, before sampling, against
/// what the deployment can provide (e.g. a reward model).</summary>
[Flags]
public enum SelectionNeeds
{
    None = 0,

    /// <summary>A reward per candidate: the model must have a reward model.</summary>
    Reward = 1,

    /// <summary>Verifier verdicts: the request must list verifiers.</summary>
    Verdicts = 2,

    /// <summary>Extracted answers to vote on.</summary>
    Answers = 4,
}
