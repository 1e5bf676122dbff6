using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Tests.Runtime;

/// <summary>Every failure is a typed exception: ONNX Runtime's with its error code, or ours naming the input.</summary>
public sealed class ErrorTests
{
    [Fact]
    public void MissingModelFileCarriesNoSuchFile()
    {
        var error = Assert.Throws<OrtException>(() => SessionFactory.Create("/no/such/model.onnx"));
        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains("/no/such/model.onnx", error.OrtMessage);
        Assert.DoesNotContain("[ErrorCode", error.OrtMessage);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
        AssertProcessHealthy();
    }

    [Fact]
    public void JunkModelBytesAreAnInvalidGraph()
    {
        var junk = new byte[4096];
        new Random(1).NextBytes(junk);
        var error = Assert.Throws<OrtException>(() => SessionFactory.Create(junk));
        Assert.True(error.ErrorCode is OrtErrorCode.InvalidGraph or OrtErrorCode.InvalidProtobuf, error.ErrorCode.ToString());
        Assert.False(string.IsNullOrWhiteSpace(error.OrtMessage));
        AssertProcessHealthy();
    }

    [Theory]
    [InlineData(3, OrtErrorCode.NoSuchFile)]
    [InlineData(11, OrtErrorCode.EpFail)]   // printed by the managed package under its stale name ShapeInferenceNotRegistered
    [InlineData(12, OrtErrorCode.ModelLoadCanceled)] // ... and 12 as RequirementNotRegistered
    public void ErrorCodesAreReadBackAsTheCApiNumbersThem(int code, OrtErrorCode expected)
    {
        // The managed package formats its message itself; build one through its own (internal) constructor.
        var managedCode = Enum.ToObject(typeof(OnnxRuntimeException).Assembly.GetType("Microsoft.ML.OnnxRuntime.ErrorCode", true)!, code);
        var managed = (OnnxRuntimeException)Activator.CreateInstance(typeof(OnnxRuntimeException),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [managedCode, "the reason"], null)!;
        var error = OrtException.From(managed);
        Assert.Equal(expected, error.ErrorCode);
        Assert.Equal("the reason", error.OrtMessage);
    }

    [Fact]
    public void AnInputOfTheWrongTypeReachingOnnxRuntimeIsInvalidArgument()
    {
        using var session = Open("runtime/add_f16.onnx");
        using var x = RuntimeFixtures.Tensor(new Float16[2], 2);
        using var y = RuntimeFixtures.Tensor(new float[2], 2);
        // Straight to the official API, past our checks: ONNX Runtime's own error, with its code read back.
        var raw = Assert.Throws<OnnxRuntimeException>(() => session.Run(new RunOptions(), ["x", "y"], [x, y], ["z"]));
        Assert.Equal(OrtErrorCode.InvalidArgument, OrtException.From(raw).ErrorCode);
    }

    [Fact]
    public void WrongInputNameListsTheModelsInputs()
    {
        using var session = Open("runtime/add_f16.onnx");
        using var x = RuntimeFixtures.Tensor(new Float16[1], 1);
        var error = Assert.Throws<ModelInputException>(() => session.Run(["x", "yy"], [x, x], ["z"], CancellationToken.None));
        Assert.Equal("yy", error.ValueName);
        Assert.Contains("Its inputs are: x, y", error.Message);
        AssertProcessHealthy();
    }

    [Fact]
    public void WrongElementTypeNamesTheInputAndBothTypes()
    {
        using var session = Open("runtime/add_f16.onnx");
        using var x = RuntimeFixtures.Tensor(new Float16[2], 2);
        using var y = RuntimeFixtures.Tensor(new float[2], 2);
        var error = Assert.Throws<ModelInputException>(() => session.Run(["x", "y"], [x, y], ["z"], CancellationToken.None));
        Assert.Equal("y", error.ValueName);
        Assert.Contains("expects element type Float16 but was given Float", error.Message);
    }

    [Fact]
    public void WrongFixedDimensionAndRankAreRejectedBeforeTheGraphRuns()
    {
        using var session = Open("runtime/int64_ops.onnx");
        using var ids = RuntimeFixtures.Tensor(new long[2], 1, 2);
        using var flags = RuntimeFixtures.Tensor(new bool[1], 1);
        using var badShape = RuntimeFixtures.Tensor(new float[6], 3, 2);
        string[] outputs = ["doubled"];
        var error = Assert.Throws<ModelInputException>(() =>
            session.Run(["input_ids", "features", "flags"], [ids, badShape, flags], outputs, CancellationToken.None));
        Assert.Contains("expects dimension 0 to be 2 (features: Float[2, 3])", error.Message);
        using var badRank = RuntimeFixtures.Tensor(new long[2], 2);
        using var features = RuntimeFixtures.Tensor(new float[6], 2, 3);
        var rank = Assert.Throws<ModelInputException>(() =>
            session.Run(["input_ids", "features", "flags"], [badRank, features, flags], outputs, CancellationToken.None));
        Assert.Contains("expects rank 2 (input_ids: Int64[batch_size, sequence_length])", rank.Message);
    }

    [Fact]
    public void MissingInputAndUnknownOutput()
    {
        using var session = Open("runtime/add_f16.onnx");
        using var x = RuntimeFixtures.Tensor(new Float16[1], 1);
        var missing = Assert.Throws<ModelInputException>(() => session.Run(["x"], [x], ["z"], CancellationToken.None));
        Assert.Contains("Missing model input(s): y", missing.Message);
        var output = Assert.Throws<ModelInputException>(() => session.Run(["x", "y"], [x, x], ["nope"], CancellationToken.None));
        Assert.Contains("no output 'nope'", output.Message);
    }

    internal static InferenceSession Open(string fixture) => SessionFactory.Create(RuntimeFixtures.Path(fixture)).Session;

    private static void AssertProcessHealthy()
    {
        using var session = Open("runtime/add_f16.onnx");
        using var x = RuntimeFixtures.Tensor(new[] { (Float16)1f }, 1);
        using var results = session.Run(["x", "y"], [x, x], ["z"], CancellationToken.None);
        Assert.Equal(2f, (float)results.First().GetTensorDataAsSpan<Float16>()[0]);
    }
}
