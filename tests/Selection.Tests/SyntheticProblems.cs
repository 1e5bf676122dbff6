using System.Globalization;
using Inference.Selection;

namespace Inference.Selection.Tests;

/// <summary>
/// Synthetic problems with a known answer and a noisy reward, modelled on the BoM paper's setting. 70% "easy" problems
/// (correct 0.45, one dominant wrong answer 0.20, 100 rare wrong answers sharing 0.35) and 30% "hard" ones (correct
/// 0.20, dominant wrong 0.40, rare 0.40). Rewards: correct ~ N(0.6, 0.15), wrong ~ N(0.3, 0.15), except that a
/// rare wrong response is "hacked" with probability 0.1 and scores N(1.5, 0.1), above any honest response: the
/// reward model is accurate where the policy puts mass and wrong on its tail, as the paper's analysis assumes.
/// </summary>
internal sealed class SyntheticProblems(int seed)
{
    public const string Correct = "42";
    private const string DominantWrong = "17";
    private const int RareAnswers = 100;

    private readonly Random _random = new(seed);

    public IReadOnlyList<Candidate> NextPool(int n)
    {
        var easy = _random.NextDouble() < 0.7;
        var (pCorrect, pDominant) = easy ? (0.45, 0.20) : (0.20, 0.40);
        var pool = new Candidate[n];
        for (var i = 0; i < n; i++)
        {
            var u = _random.NextDouble();
            string answer;
            double reward;
            if (u < pCorrect)
            {
                (answer, reward) = (Correct, 0.6 + (0.15 * Gaussian()));
            }
            else if (u < pCorrect + pDominant)
            {
                (answer, reward) = (DominantWrong, 0.3 + (0.15 * Gaussian()));
            }
            else
            {
                answer = (1000 + _random.Next(RareAnswers)).ToString(CultureInfo.InvariantCulture);
                reward = _random.NextDouble() < 0.1 ? 1.5 + (0.1 * Gaussian()) : 0.3 + (0.15 * Gaussian());
            }

            // Distinct texts: simulated samples with one answer differ in their reasoning (and so in their scores).
            pool[i] = new Candidate(i, $"... ({i}) #### {answer}", 20, -20 * (0.2 + (0.1 * _random.NextDouble())))
                .WithAnswer(ExtractedAnswer.From(answer))
                .WithReward(reward);
        }

        return pool;
    }

    public static bool IsCorrect(Candidate c) => c.Answer?.Key.Number == 42;

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
