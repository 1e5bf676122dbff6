namespace Inference.Runtime.Tests;

public sealed class Gpt2FixtureTests
{
    [Fact]
    public void MetadataDescribesTheCombinedPastLayout()
    {
        using var session = InferenceSession.Create(Fixtures.Gpt2);
        var inputs = session.InputMetadata.ToDictionary(m => m.Name);
        Assert.Equal(TensorElementType.Int32, inputs["input_ids"].ElementType);
        Assert.Equal(TensorElementType.Int32, inputs["attention_mask"].ElementType);
        var past = inputs["past_0"];
        Assert.Equal(TensorElementType.Float, past.ElementType);
        Assert.Equal(new long[] { 2, -1, 4, -1, 8 }, past.Shape);
        Assert.Equal("batch_size", past.SymbolicDimensions[1]);
        Assert.Equal("past_seq_len", past.SymbolicDimensions[3]);
        Assert.Equal(6, session.OutputMetadata.Count);
        Assert.Equal(["CPUExecutionProvider"], session.ExecutionProviders);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void FirstStepWithEmptyPastGivesLogitsOfTheVocabulary(int batch)
    {
        using var session = InferenceSession.Create(Fixtures.Gpt2);
        var ids = Enumerable.Range(0, batch).Select(b => new[] { 5 + b, 17, 42, 99 }).ToArray();
        var result = new Gpt2Runner(session).Run(ids, null, 0);
        Assert.Equal(new long[] { batch, 4, 1000 }, result.LogitsShape);
        Assert.All(result.Logits, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(2 * batch * 4 * 4 * 8, result.Presents[0].Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DecodingWithReturnedPresentsMatchesOneFullRun(int batch)
    {
        using var session = InferenceSession.Create(Fixtures.Gpt2);
        var runner = new Gpt2Runner(session);
        var random = new Random(7);
        const int length = 9;
        var ids = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, length).Select(_ => random.Next(1000)).ToArray()).ToArray();

        var full = Gpt2Runner.LastLogits(runner.Run(ids, null, 0));
        var prefix = runner.Run(ids.Select(r => r[..^1]).ToArray(), null, 0);
        var step = Gpt2Runner.LastLogits(runner.Run(ids.Select(r => r[^1..]).ToArray(), prefix.Presents, length - 1));

        var maxDiff = 0f;
        for (var b = 0; b < batch; b++)
            for (var v = 0; v < Gpt2Runner.Vocab; v++)
                maxDiff = Math.Max(maxDiff, Math.Abs(full[b][v] - step[b][v]));
        Assert.True(maxDiff <= 1e-4f, $"max abs diff {maxDiff}");
        // The comparison is meaningful only if rows differ from each other.
        if (batch > 1) Assert.NotEqual(full[0], full[1]);
    }
}
