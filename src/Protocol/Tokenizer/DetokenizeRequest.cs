namespace Inference.Protocol;

/// <summary>POST /detokenize: token ids back to text.</summary>
public sealed class DetokenizeRequest
{
    public string? Model { get; set; }
    public List<int>? Tokens { get; set; }
    public bool? SkipSpecialTokens { get; set; }
}
