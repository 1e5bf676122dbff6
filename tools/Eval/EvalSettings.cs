namespace Inference.Eval;

/// <summary>Everything a run of the evaluation was asked to do (written next to the results as run.json).</summary>
public sealed record EvalSettings(
    string Data,
    string Model,
    string? RewardModel,
    int Samples,
    int MaxTokens,
    IReadOnlyList<string> Schedules,
    int? Limit,
    int BatchRows,
    int ProblemsInFlight,
    int Threads,
    long Seed,
    int Trials,
    int BootstrapResamples,
    int AdaptiveBudget,
    string Answer,
    string Out,
    string Pool,
    string? FromPool,
    bool Rescore);
