using Inference.Eval.Sampling;

namespace Inference.Tools.Tests.Eval;

/// <summary>Pools built by hand: (answer, reward) per sample; the reference answer is "5".</summary>
internal static class SyntheticPools
{
    public const string Reference = "5";

    public static PoolProblem Problem(string id, params (string? Answer, double Reward)[] samples) =>
        new("test", id, $"prompt {id}", Reference, samples.Select(s => new PoolSample(
            s.Answer is null ? "no answer" : $"work #### {s.Answer}", s.Answer, s.Answer == Reference, s.Reward, 10, -5.0, "stop")).ToList());

    public static (string?, double)[] Repeat(string? answer, double reward, int count) => Enumerable.Repeat((answer, reward), count).ToArray();
}
