namespace Inference.Engine.Sampling;

/// <summary>Buffers one sampling worker reuses from token to token (one per thread sampling in parallel).</summary>
internal sealed class SamplerScratch
{
    public float[] Row { get; private set; } = [];

    /// <summary>exp((x - max) / tau) over the whole vocabulary.</summary>
    public float[] Weights { get; private set; } = [];

    /// <summary>Candidate token ids, most likely first.</summary>
    public int[] Indices { get; private set; } = [];

    /// <summary>The candidates' logits (the selector's heap keys).</summary>
    public float[] Values { get; private set; } = [];

    /// <summary>The candidates' weights, in double for the cumulative sums of top-p.</summary>
    public double[] CandidateWeights { get; private set; } = [];

    /// <summary>A row's allowed-token bitset when the budget of a constrained row cuts its state's cached mask.</summary>
    public ulong[] Mask { get; private set; } = [];

    public SamplerScratch Ensure(int vocab)
    {
        if (Row.Length >= vocab) return this;
        Mask = new ulong[(vocab + 63) >> 6];
        Row = new float[vocab];
        Weights = new float[vocab];
        Indices = new int[vocab];
        Values = new float[vocab];
        CandidateWeights = new double[vocab];
        return this;
    }
}
