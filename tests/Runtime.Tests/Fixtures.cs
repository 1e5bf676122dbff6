namespace Inference.Runtime.Tests;

internal static class Fixtures
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    public static string Gpt2 => Path("tiny-random-gpt2-fp32/past.onnx");
}
