namespace Inference.Selection;

/// <summary>Registry names of the built-in strategies.</summary>
public static class SelectionStrategyNames
{
    public const string BestOfN = "best_of_n";
    public const string Majority = "majority";
    public const string WeightedMajority = "weighted_majority";
    public const string BestOfMajority = "best_of_majority";
    public const string Verifier = "verifier";
    public const string SelfCertainty = "self_certainty";
    public const string None = "none";
}
