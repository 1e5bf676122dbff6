using System.Diagnostics;
using Xunit.Abstractions;

namespace Inference.Runtime.Tests;

public sealed class SessionBehaviourTests(ITestOutputHelper output)
{
    [Fact]
    public void ConcurrentRunsOnOneSessionMatchASerialRun()
    {
        using var session = InferenceSession.Create(Fixtures.Gpt2);
        var runner = new Gpt2Runner(session);
        int[][] Ids(int seed) => [Enumerable.Range(0, 5).Select(i => (seed * 31 + i * 7) % 1000).ToArray()];
        var serial = Enumerable.Range(0, 8).Select(t => runner.Run(Ids(t), null, 0).Logits).ToArray();

        var mismatches = 0;
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 100; i++)
                if (!runner.Run(Ids(t), null, 0).Logits.AsSpan().SequenceEqual(serial[t])) Interlocked.Increment(ref mismatches);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void IoBindingGivesTheSameOutputsAsRun()
    {
        using var session = InferenceSession.Create(Fixtures.Path("runtime/int64_ops.onnx"));
        using var ids = OrtValue.CreateTensor(new long[] { 1, 2, 3, 4 }, 2, 2);
        using var features = OrtValue.CreateTensor(new float[] { -1, 2, -3, 4, -5, 6 }, 2, 3);
        using var flags = OrtValue.CreateTensor(new[] { true }, 1);
        using var preallocated = OrtValue.Allocate<long>(2);
        using var binding = session.CreateIoBinding();
        binding.BindInput("input_ids", ids);
        binding.BindInput("features", features);
        binding.BindInput("flags", flags);
        binding.BindOutput("doubled", OrtMemoryInfo.Cpu);
        binding.BindOutput("total", preallocated);
        session.Run(binding);
        binding.SynchronizeOutputs();
        Assert.Equal(["doubled", "total"], binding.GetOutputNames());
        using var outputs = binding.GetOutputValues();
        Assert.Equal([2L, 4, 6, 8], outputs["doubled"].GetTensorData<long>().ToArray());
        Assert.Equal([3L, 7], preallocated.GetTensorData<long>().ToArray());
        Assert.Throws<ModelInputException>(() => binding.BindInput("flags", features));
        binding.ClearInputs();
        binding.ClearOutputs();
        Assert.Empty(binding.GetOutputNames());
    }

    [Fact]
    public void SessionOptionsAreApplied()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using var session = InferenceSession.Create(Fixtures.Gpt2, new SessionOptions
            {
                IntraOpThreads = 1,
                InterOpThreads = 1,
                ExecutionMode = ExecutionMode.Parallel,
                GraphOptimizationLevel = GraphOptimizationLevel.Basic,
                OptimizedModelPath = cache,
                ConfigEntries = { ["session.intra_op.allow_spinning"] = "0" },
            });
            Assert.True(File.Exists(cache));
            var result = new Gpt2Runner(session).Run([[1, 2]], null, 0);
            Assert.Equal(new long[] { 1, 2, 1000 }, result.LogitsShape);
        }
        finally
        {
            File.Delete(cache);
        }
    }

    [Fact]
    public void ThousandSessionsAndValuesLeaveMemoryFlat()
    {
        var model = File.ReadAllBytes(Fixtures.Path("runtime/int64_ops.onnx"));
        void Cycle(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var session = InferenceSession.Create(model, new SessionOptions { IntraOpThreads = 1 });
                using var ids = OrtValue.CreateTensor(new long[64], 8, 8);
                using var features = OrtValue.CreateTensor(new float[6], 2, 3);
                using var flags = OrtValue.Allocate<bool>(32 * 1024); // ORT-allocated: 32 KB a cycle if it leaked
                using var results = session.Run(new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["features"] = features, ["flags"] = flags });
                Assert.Equal(64, results["doubled"].ElementCount);
            }
        }

        // Warm-up: glibc arenas, JIT and ONNX Runtime's thread pools grow for the first ~3000 cycles (measured:
        // +8.6, +6.3, +3.8, +0.0 MB per 1000), then resident memory is flat.
        Cycle(3000);
        var before = ResidentBytes();
        Cycle(1000);
        var after = ResidentBytes();
        var growthMb = (after - before) / (1024.0 * 1024.0);
        output.WriteLine($"RSS before {before / 1048576.0:F1} MB, after 1000 sessions+values {after / 1048576.0:F1} MB, growth {growthMb:F2} MB");
        // Leaking one session or one 32 KB ORT-allocated tensor per cycle would add >= 30 MB.
        Assert.True(growthMb < 4, $"resident memory grew by {growthMb:F2} MB over 1000 cycles");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
