using System.Diagnostics;
using Inference.Engine.Constraints;

namespace Inference.Bench.Constraints;

/// <summary>Time to compile the 50-property schema, to bind it to a vocabulary, and to compute its first mask.</summary>
internal static class SchemaCompileBenchmark
{
    public static (double Compile, double Bind, double FirstMask) Milliseconds(ConstraintVocabulary vocabulary, int repeats)
    {
        var compile = new List<double>();
        var bind = new List<double>();
        var mask = new List<double>();
        var allowed = new ulong[(vocabulary.Size + 63) / 64];
        for (var r = 0; r <= repeats; r++)
        {
            var text = BenchSchemas.FiftyProperties(r);
            var watch = Stopwatch.StartNew();
            var constraint = TokenConstraint.FromJsonSchema(text);
            var compiled = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var bound = constraint.Bind(vocabulary);
            var bound1 = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            bound.CreateMatcher().FillAllowed(bound.MinimumTokens, allowed);
            var masked = watch.Elapsed.TotalMilliseconds;
            if (r == 0) continue; // warm-up: JIT
            compile.Add(compiled);
            bind.Add(bound1);
            mask.Add(masked);
        }
        return (MaskBenchmark.Median(compile), MaskBenchmark.Median(bind), MaskBenchmark.Median(mask));
    }
}
