using Inference.Selection;
using Inference.Verifiers;
using Xunit.Abstractions;

namespace Inference.Pipeline.Tests;

/// <summary>Does the bundled reward model prefer a correct solution to the same chain with one arithmetic slip?</summary>
public sealed class RewardModelRankingTests(ITestOutputHelper output)
{
    [Fact]
    public void TheCorruptionIsTheSameAsThePythonOne()
    {
        // models/corruption.py on the first eval problems (printed by the script when it was written).
        Assert.Equal("4-4=1. 1-8=-7. #### -7", CorruptedSolution.For("Compute 4-4-8.", 0));
        Assert.Equal("8*7=56. 56-6=49. #### 49", CorruptedSolution.For("Compute 8*7-6.", 1));
        Assert.Equal("4*9=34. 34-2=32. 32-3=29. #### 29", CorruptedSolution.For("Compute 4*9-2-3.", 3));
        Assert.Equal("6-3=3. 3-9=4. 4+7=11. #### 11", CorruptedSolution.For("Compute 6-3-9+7.", 4));
        Assert.Equal("3*5=15. 2-15=-23. #### -23", CorruptedSolution.For("Compute 2-3*5.", 5));
    }

    [Fact]
    public async Task TheReferenceSolutionOutscoresItsCorruptedTwinForMostHeldOutProblems()
    {
        var problems = BundledModels.EvalProblems.Take(200).ToArray();
        var verifier = new RewardModelVerifier(BundledModels.RewardModel);
        var wins = 0;
        for (var i = 0; i < problems.Length; i++)
        {
            var p = problems[i];
            var verdicts = await verifier.VerifyAsync(new VerificationRequest(p.Prompt),
                [new Candidate(0, p.Solution), new Candidate(1, CorruptedSolution.For(p.Prompt, i))], default);
            if (verdicts[0].Score > verdicts[1].Score) wins++;
        }
        var rate = (double)wins / problems.Length;
        output.WriteLine($"reference above corrupted: {wins}/{problems.Length} = {rate:P1}");
        Assert.True(rate >= RateBound, $"the reward model preferred the correct solution in {rate:P1} of pairs; bound {RateBound:P0}");
    }

    // models/arith-reward/MODEL_CARD.md: 96.2% over all 500 eval problems (PyTorch); asserted with room for the subset.
    [Fact]
    public void TextsWithoutSolutionTokensScoreTheHeadBiasAlone()
    {
        // The model card's caveat: it judges token likelihoods, so no solution tokens means no evidence either way.
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(BundledModels.RepositoryRoot, "models", "arith-reward", "train_report.json")));
        var bias = report.RootElement.GetProperty("head").GetProperty("bias").GetDouble();
        var model = BundledModels.RewardModel;
        var scores = model.Score([model.FormatText("Compute 1+2.", ""), "", "ab"]);
        Assert.All(scores, s => Assert.Equal(bias, s, 1e-4));
    }

    private const double RateBound = 0.85;
}
