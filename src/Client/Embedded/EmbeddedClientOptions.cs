using Inference.Engine.Runtime;

namespace Inference.Client;

/// <summary>How an <see cref="EmbeddedInferenceClient"/> loads its model and shares the machine.</summary>
public sealed class EmbeddedClientOptions
{
    /// <summary>The model folder (ONNX decoder, tokenizer.json, configs).</summary>
    public required string ModelPath { get; set; }

    /// <summary>"cpu", "cuda" or "cuda:&lt;id&gt;".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Run on CPU when the device's provider cannot be loaded (otherwise loading fails).</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>CUDA provider options, used when <see cref="Device"/> is cuda.</summary>
    public CudaProviderOptions Cuda { get; set; } = new();

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    public int Threads { get; set; }

    /// <summary>Rows decoded together at most, across concurrent calls.</summary>
    public int MaxBatchRows { get; set; } = 64;

    /// <summary>KV cache positions reserved at most (rows x (prompt + max tokens)).</summary>
    public long MaxKvTokens { get; set; } = 256 * 1024;

    /// <summary>Calls waiting for room before new ones are refused.</summary>
    public int MaxQueuedRequests { get; set; } = 64;

    /// <summary>A reward model folder, for best_of_n, best_of_majority and reward-weighted voting.</summary>
    public string? RewardModelPath { get; set; }

    /// <summary>The largest max_tokens a call may ask for; a call that gives none generates up to the rest of the
    /// context, at most this (as the server's chat endpoint does with Limits:MaxTokens).</summary>
    public int MaxTokens { get; set; } = 1024;

    /// <summary>The resolver's caps for this client: the batch bounds samples; the server's per-request caps (n, stop
    /// strings) protect a shared server and are not applied in process beyond what the engine can run.</summary>
    internal Pipeline.Requests.RequestLimits ToRequestLimits() => new()
    {
        MaxN = MaxBatchRows,
        MaxSamples = 4096,
        MaxTokens = MaxTokens,
        MaxTopLogprobs = Engine.Sampling.SamplingParams.MaxTopLogprobs,
        MaxStopStrings = 64,
        MaxBatchRows = MaxBatchRows,
    };
}
