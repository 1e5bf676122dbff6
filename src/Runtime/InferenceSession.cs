using Inference.Runtime.Native;

namespace Inference.Runtime;

/// <summary>
/// A loaded ONNX model. <see cref="Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string}, CancellationToken)"/>
/// may be called from many threads at once (ONNX Runtime sessions are thread-safe for Run); inputs are checked
/// against the graph's metadata before the graph runs, so a wrong name, element type or rank gets a clear error.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly SessionHandle handle;
    private readonly Dictionary<string, int> inputIndex;
    private readonly Dictionary<string, int> outputIndex;
    private readonly Utf8Strings inputNames;
    private readonly Utf8Strings outputNames;

    private InferenceSession(SessionHandle handle, IReadOnlyList<string> providers, IReadOnlyList<string> fallbacks)
    {
        this.handle = handle;
        ExecutionProviders = providers;
        ProviderFallbacks = fallbacks;
        InputMetadata = ReadMetadata(input: true);
        OutputMetadata = ReadMetadata(input: false);
        inputIndex = InputMetadata.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i);
        outputIndex = OutputMetadata.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i);
        inputNames = new Utf8Strings(InputMetadata.Select(m => m.Name).ToArray());
        outputNames = new Utf8Strings(OutputMetadata.Select(m => m.Name).ToArray());
        handle.Dependents.Add(inputNames);
        handle.Dependents.Add(outputNames);
    }

    public IReadOnlyList<NodeMetadata> InputMetadata { get; }

    public IReadOnlyList<NodeMetadata> OutputMetadata { get; }

    /// <summary>ONNX Runtime names of the providers the session was created with, in priority order, CPU last.</summary>
    public IReadOnlyList<string> ExecutionProviders { get; }

    /// <summary>Why requested providers were skipped (empty when every one was added).</summary>
    public IReadOnlyList<string> ProviderFallbacks { get; }

    /// <summary>True when a non-CPU provider was requested but the session runs on CPU only.</summary>
    public bool FellBackToCpu => ProviderFallbacks.Count > 0 && ExecutionProviders.Count == 1;

    internal SessionHandle Handle => handle;

    public static InferenceSession Create(string modelPath, SessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var path = Path.GetFullPath(modelPath);
        return Create(options ?? new SessionOptions(), (env, opts) =>
        {
            using var utf8 = new Utf8Strings([path]);
            IntPtr session;
            OrtStatus.Check(OrtLibrary.Api.CreateSession(env, utf8[0], opts, &session));
            return session;
        });
    }

    public static InferenceSession Create(ReadOnlyMemory<byte> model, SessionOptions? options = null)
    {
        if (model.IsEmpty) throw new ArgumentException("The model bytes are empty.", nameof(model));
        return Create(options ?? new SessionOptions(), (env, opts) =>
        {
            IntPtr session;
            fixed (byte* data = model.Span)
                OrtStatus.Check(OrtLibrary.Api.CreateSessionFromArray(env, data, (nuint)model.Length, opts, &session));
            return session;
        });
    }

    private static InferenceSession Create(SessionOptions options, Func<IntPtr, IntPtr, IntPtr> createSession)
    {
        var environment = OrtEnvironment.Instance;
        var requested = options.ExecutionProviders.Where(p => p is not CpuExecutionProvider).ToList();
        var fallbacks = new List<string>();
        var providers = new List<ExecutionProvider>();

        // Providers are tried one at a time so a failing one can be skipped under FallbackToCpu.
        foreach (var provider in requested)
        {
            try
            {
                using var probe = NativeSessionOptions.Create(options, providers.Append(provider));
                providers.Add(provider);
            }
            catch (OnnxRuntimeException ex)
            {
                fallbacks.Add(Unavailable(provider, ex, options.ProviderFallback));
            }
        }

        while (true)
        {
            using var nativeOptions = NativeSessionOptions.Create(options, providers);
            try
            {
                using var env = environment.Handle.Acquire();
                using var opts = nativeOptions.Acquire();
                var session = new SessionHandle(createSession(env.Pointer, opts.Pointer));
                var names = providers.Select(p => p.OrtName).Append("CPUExecutionProvider").ToArray();
                return new InferenceSession(session, names, fallbacks);
            }
            catch (OnnxRuntimeException ex) when (providers.Count > 0 && ex.ErrorCode is OrtErrorCode.EpFail or OrtErrorCode.Fail
                                                  && ex.OrtMessage.Contains("provider", StringComparison.OrdinalIgnoreCase))
            {
                // Some providers load their libraries only when the session is created.
                var provider = providers[^1];
                fallbacks.Add(Unavailable(provider, ex, options.ProviderFallback));
                providers.RemoveAt(providers.Count - 1);
            }
        }
    }

    private static string Unavailable(ExecutionProvider provider, OnnxRuntimeException ex, ProviderFallbackPolicy policy)
    {
        var message = $"The {provider.OrtName} could not be added: {ex.OrtMessage}. " + provider switch
        {
            CudaExecutionProvider => "The CUDA provider libraries (libonnxruntime_providers_cuda.so, libonnxruntime_providers_shared.so) " +
                                     "must sit next to the loaded libonnxruntime.so (a GPU build of the same version), with CUDA and cuDNN installed.",
            _ => "",
        };
        if (policy == ProviderFallbackPolicy.Fail) throw new ExecutionProviderUnavailableException(provider.ShortName, message, ex);
        return message + " Falling back to CPU.";
    }

    /// <summary>Runs the model on named inputs and returns the requested outputs (all outputs when null).</summary>
    public OrtValueList Run(IReadOnlyDictionary<string, OrtValue> inputs, IReadOnlyList<string>? outputs = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Run(inputs.Keys.ToArray(), inputs.Values.ToArray(), outputs ?? OutputMetadata.Select(m => m.Name).ToArray(), cancellationToken);
    }

    /// <summary>Runs the model; <paramref name="names"/>[i] names <paramref name="values"/>[i].</summary>
    public OrtValueList Run(IReadOnlyList<string> names, IReadOnlyList<OrtValue> values, IReadOnlyList<string> outputs,
        CancellationToken cancellationToken = default)
    {
        if (names.Count != values.Count)
            throw new ArgumentException($"{names.Count} input names were given for {values.Count} values.");
        if (outputs.Count == 0) throw new ArgumentException("At least one output must be requested.", nameof(outputs));
        cancellationToken.ThrowIfCancellationRequested();

        var count = names.Count;
        var inputNamePointers = stackalloc byte*[count];
        var valuePointers = stackalloc IntPtr[count];
        var outputNamePointers = stackalloc byte*[outputs.Count];
        var results = stackalloc IntPtr[outputs.Count];
        var leases = new OrtHandle[count];
        var leased = 0;
        try
        {
            CheckAllInputsGiven(names);
            for (var i = 0; i < count; i++)
            {
                var index = InputIndexOf(names[i]);
                CheckInput(InputMetadata[index], values[i]);
                inputNamePointers[i] = inputNames[index];
                var valueHandle = values[i].Handle;
                var added = false;
                valueHandle.DangerousAddRef(ref added);
                leases[leased++] = valueHandle;
                valuePointers[i] = valueHandle.DangerousGetHandle();
            }
            for (var i = 0; i < outputs.Count; i++)
            {
                if (!outputIndex.TryGetValue(outputs[i], out var index))
                    throw new ModelInputException(outputs[i],
                        $"The model has no output '{outputs[i]}'. Its outputs are: {string.Join(", ", OutputMetadata.Select(m => m.Name))}.");
                outputNamePointers[i] = outputNames[index];
                results[i] = IntPtr.Zero;
            }

            using var runOptions = cancellationToken.CanBeCanceled ? RunOptions.Create() : null;
            using var registration = runOptions is null ? default : cancellationToken.Register(runOptions.Terminate);
            using var session = handle.Acquire();
            var status = OrtLibrary.Api.Run(session.Pointer, runOptions?.Pointer ?? IntPtr.Zero,
                inputNamePointers, valuePointers, (nuint)count, outputNamePointers, (nuint)outputs.Count, results);
            if (status != IntPtr.Zero)
            {
                var error = OrtStatus.ToException(status);
                ReleaseAll(results, outputs.Count);
                if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException("The model run was cancelled.", error, cancellationToken);
                throw error;
            }
            var list = new OrtValue[outputs.Count];
            for (var i = 0; i < outputs.Count; i++) list[i] = OrtValue.FromNative(results[i]);
            return new OrtValueList(outputs.ToArray(), list);
        }
        finally
        {
            for (var i = 0; i < leased; i++) leases[i].DangerousRelease();
        }
    }

    /// <summary>Runs with inputs and outputs bound in <paramref name="binding"/>.</summary>
    public void Run(IoBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = cancellationToken.CanBeCanceled ? RunOptions.Create() : null;
        using var registration = runOptions is null ? default : cancellationToken.Register(runOptions.Terminate);
        using var session = handle.Acquire();
        using var bound = binding.Handle.Acquire();
        var status = OrtLibrary.Api.RunWithBinding(session.Pointer, runOptions?.Pointer ?? IntPtr.Zero, bound.Pointer);
        if (status == IntPtr.Zero) return;
        var error = OrtStatus.ToException(status);
        if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException("The model run was cancelled.", error, cancellationToken);
        throw error;
    }

    /// <summary>Creates an I/O binding for this session.</summary>
    public IoBinding CreateIoBinding() => IoBinding.Create(this);

    internal int InputIndexOf(string name)
    {
        if (inputIndex.TryGetValue(name, out var index)) return index;
        throw new ModelInputException(name,
            $"The model has no input '{name}'. Its inputs are: {string.Join(", ", InputMetadata.Select(m => m.Name))}.");
    }

    private void CheckAllInputsGiven(IReadOnlyList<string> names)
    {
        if (names.Count >= InputMetadata.Count) return;
        var missing = InputMetadata.Select(m => m.Name).Except(names).ToArray();
        throw new ModelInputException(missing[0], $"Missing model input(s): {string.Join(", ", missing)}.");
    }

    internal static void CheckInput(NodeMetadata expected, OrtValue value)
    {
        var type = value.ElementType;
        if (type != expected.ElementType)
            throw new ModelInputException(expected.Name,
                $"Input '{expected.Name}' expects element type {expected.ElementType} but was given {type}.");
        if (value.Rank != expected.Rank)
            throw new ModelInputException(expected.Name,
                $"Input '{expected.Name}' expects rank {expected.Rank} {expected} but was given shape [{string.Join(", ", value.Shape)}].");
        for (var axis = 0; axis < expected.Rank; axis++)
        {
            var want = expected.Shape[axis];
            if (want >= 0 && value.Dimension(axis) != want)
                throw new ModelInputException(expected.Name,
                    $"Input '{expected.Name}' expects dimension {axis} to be {want} ({expected}) but was given shape [{string.Join(", ", value.Shape)}].");
        }
    }

    private static void ReleaseAll(IntPtr* values, int count)
    {
        for (var i = 0; i < count; i++)
            if (values[i] != IntPtr.Zero) OrtLibrary.Api.ReleaseValue(values[i]);
    }

    private IReadOnlyList<NodeMetadata> ReadMetadata(bool input)
    {
        var api = OrtLibrary.Api;
        using var session = handle.Acquire();
        nuint count;
        OrtStatus.Check(input ? api.SessionGetInputCount(session.Pointer, &count) : api.SessionGetOutputCount(session.Pointer, &count));
        var result = new NodeMetadata[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            var name = NativeSessionOptions.ReadName(session.Pointer, i, input);
            IntPtr typeInfo;
            OrtStatus.Check(input ? api.SessionGetInputTypeInfo(session.Pointer, i, &typeInfo) : api.SessionGetOutputTypeInfo(session.Pointer, i, &typeInfo));
            using var owner = new TypeInfoHandle(typeInfo);
            int kind;
            OrtStatus.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &kind));
            IntPtr tensorInfo;
            OrtStatus.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
            result[(int)i] = tensorInfo == IntPtr.Zero
                ? new NodeMetadata(name, (ValueKind)kind, TensorElementType.Undefined, [], [])
                : TensorInfo.Read(tensorInfo) is var t
                    ? new NodeMetadata(name, (ValueKind)kind, t.ElementType, t.Dimensions, t.SymbolicDimensions)
                    : throw new InvalidOperationException();
        }
        return result;
    }

    public void Dispose() => handle.Dispose();
}
