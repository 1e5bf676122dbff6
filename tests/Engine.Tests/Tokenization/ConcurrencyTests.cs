namespace Inference.Engine.Tests.Tokenization;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Concurrent_encode_and_decode_match_the_goldens()
    {
        var work = TokenizerFixtures.Names
            .SelectMany(name => TokenizerFixtures.GoldenOf(name).Encode.Select(c => (name, c)))
            .ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, work.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (name, golden) = work[i % work.Length];
            var tokenizer = TokenizerFixtures.Load(name);
            if (!tokenizer.Encode(golden.Text).SequenceEqual(golden.Ids) || tokenizer.Decode(golden.Ids) != golden.Decoded)
            {
                failures.Add($"{name}: {golden.Text}");
            }
        });
        Assert.Empty(failures);
    }
}
