using Inference.Engine.Generation;

namespace Inference.Server.Generation;

public static class FinishReasons
{
    /// <summary>OpenAI's finish_reason. A cancelled sample only reaches a response when the request was cut short by
    /// its deadline after the stream began; "length" is the closest OpenAI value (the output is truncated).</summary>
    public static string ToWire(FinishReason reason) => reason switch
    {
        FinishReason.Stop => "stop",
        _ => "length",
    };
}
