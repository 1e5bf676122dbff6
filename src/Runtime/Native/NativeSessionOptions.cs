using System.Runtime.InteropServices;

namespace Inference.Runtime.Native;

/// <summary>Builds an <c>OrtSessionOptions</c> from <see cref="SessionOptions"/>.</summary>
internal static unsafe class NativeSessionOptions
{
    /// <param name="providers">The providers to append (already filtered by the caller).</param>
    public static SessionOptionsHandle Create(SessionOptions options, IEnumerable<ExecutionProvider> providers)
    {
        var api = OrtLibrary.Api;
        IntPtr raw;
        OrtStatus.Check(api.CreateSessionOptions(&raw));
        var handle = new SessionOptionsHandle(raw);
        try
        {
            if (options.IntraOpThreads > 0) OrtStatus.Check(api.SetIntraOpNumThreads(raw, options.IntraOpThreads));
            if (options.InterOpThreads > 0) OrtStatus.Check(api.SetInterOpNumThreads(raw, options.InterOpThreads));
            OrtStatus.Check(api.SetSessionExecutionMode(raw, (int)options.ExecutionMode));
            OrtStatus.Check(api.SetSessionGraphOptimizationLevel(raw, (int)options.GraphOptimizationLevel));
            OrtStatus.Check(api.SetSessionLogSeverityLevel(raw, (int)options.LogLevel));
            if (!string.IsNullOrEmpty(options.OptimizedModelPath))
                using (var path = new Utf8Strings([options.OptimizedModelPath]))
                    OrtStatus.Check(api.SetOptimizedModelFilePath(raw, path[0]));
            foreach (var (key, value) in options.ConfigEntries)
                using (var entry = new Utf8Strings([key, value]))
                    OrtStatus.Check(api.AddSessionConfigEntry(raw, entry[0], entry[1]));
            foreach (var provider in providers) Append(raw, provider);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void Append(IntPtr options, ExecutionProvider provider)
    {
        switch (provider)
        {
            case CpuExecutionProvider:
                return; // ONNX Runtime always registers CPU last.
            case CudaExecutionProvider cuda:
                AppendCuda(options, cuda);
                return;
            default:
                throw new NotSupportedException($"Execution provider {provider.OrtName} is not supported by this binding.");
        }
    }

    private static void AppendCuda(IntPtr options, CudaExecutionProvider cuda)
    {
        var api = OrtLibrary.Api;
        IntPtr raw;
        OrtStatus.Check(api.CreateCUDAProviderOptions(&raw));
        using var cudaOptions = new CudaProviderOptionsHandle(raw);
        var pairs = cuda.ToProviderOptions().ToArray();
        using var keys = new Utf8Strings(pairs.Select(p => p.Key).ToArray());
        using var values = new Utf8Strings(pairs.Select(p => p.Value).ToArray());
        var keyPointers = stackalloc byte*[pairs.Length];
        var valuePointers = stackalloc byte*[pairs.Length];
        keys.CopyTo(keyPointers);
        values.CopyTo(valuePointers);
        OrtStatus.Check(api.UpdateCUDAProviderOptions(raw, keyPointers, valuePointers, (nuint)pairs.Length));
        OrtStatus.Check(api.SessionOptionsAppendExecutionProvider_CUDA_V2(options, raw));
    }

    /// <summary>Reads the name of input/output <paramref name="index"/>, freeing ONNX Runtime's copy.</summary>
    public static string ReadName(IntPtr session, nuint index, bool input)
    {
        var api = OrtLibrary.Api;
        IntPtr allocator;
        byte* name;
        OrtStatus.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        OrtStatus.Check(input
            ? api.SessionGetInputName(session, index, allocator, &name)
            : api.SessionGetOutputName(session, index, allocator, &name));
        try
        {
            return Marshal.PtrToStringUTF8((IntPtr)name) ?? "";
        }
        finally
        {
            OrtStatus.Check(api.AllocatorFree(allocator, name));
        }
    }
}
