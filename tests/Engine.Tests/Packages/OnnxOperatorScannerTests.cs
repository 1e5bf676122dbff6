using Inference.Engine.Packages;

namespace Inference.Engine.Tests.Packages;

/// <summary>The operators read from each fixture's protobuf decide its row placement; the scanner must see them
/// whether the weights are inline (torch exports) or in an external data file (builder exports).</summary>
public sealed class OnnxOperatorScannerTests
{
    [Theory]
    [InlineData("gqa-fp32/model.onnx", "com.microsoft.GroupQueryAttention", "MatMul")]
    [InlineData("gqa-int4/model.onnx", "com.microsoft.GroupQueryAttention", "com.microsoft.MatMulNBits")]
    [InlineData("mha-fp16/model.onnx", "com.microsoft.MultiHeadAttention", "com.microsoft.RotaryEmbedding")]
    [InlineData("tiny-random-gpt2-fp32/past.onnx", "com.microsoft.Attention", "com.microsoft.EmbedLayerNormalization")]
    [InlineData("tiny-llama/fp32/model.onnx", "MatMul", "Softmax")]
    public void FindsTheAttentionOperatorOfEachExport(string file, string attention, string other)
    {
        var operators = OnnxOperatorScanner.Scan(ModelFixtures.Path(file));
        Assert.Contains(attention, operators);
        Assert.Contains(other, operators);
        if (!attention.Contains("GroupQueryAttention")) Assert.DoesNotContain("com.microsoft.GroupQueryAttention", operators);
    }

    [Theory]
    [InlineData("gqa-fp32", RowPlacement.FromStart)]
    [InlineData("gqa-int4", RowPlacement.FromStart)]
    [InlineData("mha-fp16", RowPlacement.LeftPadded)]
    [InlineData("tiny-random-gpt2-fp32", RowPlacement.LeftPadded)]
    [InlineData("tiny-llama/fp32", RowPlacement.LeftPadded)]
    public void EachExportGetsThePlacementItsAttentionNeeds(string fixture, RowPlacement expected)
        => Assert.Equal(expected, ModelFixtures.Load(fixture).Decoder.Interface.Placement);

    [Fact]
    public void ATruncatedFileIsReportedNotMisread()
    {
        var source = File.ReadAllBytes(ModelFixtures.Path("gqa-fp32/model.onnx"));
        var truncated = Path.Combine(Path.GetTempPath(), $"truncated-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(truncated, source[..(source.Length / 2)]);
        try
        {
            var error = Record.Exception(() => OnnxOperatorScanner.Scan(truncated));
            Assert.True(error is InvalidDataException or EndOfStreamException, $"{error}");
        }
        finally
        {
            File.Delete(truncated);
        }
    }
}
