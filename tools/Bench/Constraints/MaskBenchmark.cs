using System.Diagnostics;
using Inference.Bench.Sampling;
using Inference.Engine.Constraints;
using Inference.Engine.Sampling;

namespace Inference.Bench.Constraints;

/// <summary>
/// The mask's own cost at a real vocabulary: the sampler's time per row-token over the same synthetic logits with and
/// without a JSON Schema constraint (the constrained rows advance their grammar state by the tokens they draw, which
/// is included, so they visit the states a real decode visits, strings mostly), and the time to compute a state's mask
/// the first time.
/// </summary>
internal static class MaskBenchmark
{
    public static (double Free, double Constrained) SamplerMicroseconds(ConstraintVocabulary vocabulary, int rows, int steps, int repeats)
    {
        var vocab = vocabulary.Size;
        var template = SamplerBenchmark.SyntheticLogits(rows, vocab);
        var logits = new float[template.Length];
        var sampler = new Sampler();
        var results = new SampledToken[rows];
        var constraint = TokenConstraint.FromJsonSchema(BenchSchemas.Decode).Bind(vocabulary);
        var p = new SamplingParams { Temperature = 1.0, MaxTokens = steps * 4 };
        var free = new List<double>();
        var constrained = new List<double>();
        // Two warm-up runs (the JIT, and the grammar states the draws lead to), then the measured ones. Within a step the
        // two batches run back to back on the same logits, so the machine's load drifts alike for both.
        for (var repeat = -2; repeat < repeats; repeat++)
        {
            var freePlan = new SamplingPlan(p, []);
            var plan = new SamplingPlan(p, [], constraint);
            var freeRows = Enumerable.Range(0, rows).Select(r => new SamplingRow(new SequenceState(new HashSet<int>(), r), freePlan)).ToArray();
            var maskedRows = Enumerable.Range(0, rows)
                .Select(r => new SamplingRow(new SequenceState(new HashSet<int>(), r), plan, constraint.CreateMatcher())).ToArray();
            long freeTicks = 0, maskedTicks = 0;
            for (var step = 0; step < steps; step++)
            {
                template.CopyTo(logits, 0);
                var start = Stopwatch.GetTimestamp();
                sampler.Sample(logits, vocab, freeRows, rows, results);
                freeTicks += Stopwatch.GetTimestamp() - start;
                for (var r = 0; r < rows; r++) freeRows[r].Sequence.Accept(results[r].TokenId);

                template.CopyTo(logits, 0);
                start = Stopwatch.GetTimestamp();
                sampler.Sample(logits, vocab, maskedRows, rows, results);
                for (var r = 0; r < rows; r++) maskedRows[r].Constraint!.Advance(results[r].TokenId);
                maskedTicks += Stopwatch.GetTimestamp() - start;
                for (var r = 0; r < rows; r++) maskedRows[r].Sequence.Accept(results[r].TokenId);
            }
            if (repeat < 0) continue;
            free.Add(Stopwatch.GetElapsedTime(0, freeTicks).TotalMicroseconds / (rows * steps));
            constrained.Add(Stopwatch.GetElapsedTime(0, maskedTicks).TotalMicroseconds / (rows * steps));
        }
        return (Median(free), Median(constrained));
    }

    /// <summary>Milliseconds to compute a state's mask the first time: the document's start, and the inside of a string.</summary>
    public static (double Start, double InString) ColdMaskMilliseconds(ConstraintVocabulary vocabulary, int repeats)
    {
        var start = new List<double>();
        var inString = new List<double>();
        var allowed = new ulong[(vocabulary.Size + 63) / 64];
        var open = Enumerable.Range(0, vocabulary.Size).Where(t => vocabulary.BytesOf(t).SequenceEqual("\""u8)).First();
        var brace = Enumerable.Range(0, vocabulary.Size).Where(t => vocabulary.BytesOf(t).SequenceEqual("{"u8)).First();
        for (var r = 0; r < repeats; r++)
        {
            // A fresh schema text each run: nothing is cached yet.
            var bound = TokenConstraint.FromJsonSchema($$$"""{"description":"cold {{{r}}}","type":"object","properties":{"text":{"type":"string"}},"required":["text"],"additionalProperties":false}""")
                .Bind(vocabulary);
            var matcher = bound.CreateMatcher();
            var watch = Stopwatch.StartNew();
            matcher.FillAllowed(1000, allowed);
            start.Add(watch.Elapsed.TotalMilliseconds);
            matcher.Advance(brace);
            foreach (var c in "\"text\":") matcher.Advance(Enumerable.Range(0, vocabulary.Size).First(t => vocabulary.BytesOf(t).SequenceEqual(new[] { (byte)c })));
            matcher.Advance(open);
            watch.Restart();
            matcher.FillAllowed(1000, allowed);
            inString.Add(watch.Elapsed.TotalMilliseconds);
        }
        return (Median(start), Median(inString));
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
