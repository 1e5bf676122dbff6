using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Runtime;

/// <summary>
/// An error ONNX Runtime reported, with its error code. The managed package's <see cref="OnnxRuntimeException"/>
/// keeps the code only in its message ("[ErrorCode:NoSuchFile] ..."), under its own stale enum names (C code 11,
/// EP_FAIL, prints as "ShapeInferenceNotRegistered", 12 as "RequirementNotRegistered"; it has no name for 13 and 14);
/// <see cref="From"/> reads it back as the C API's code, <see cref="OrtErrorCode.Fail"/> when there is none.
/// </summary>
public sealed class OrtException : Exception
{
    private const string Prefix = "[ErrorCode:";

    // The managed package's internal ErrorCode names, by the C API value they carry.
    private static readonly Dictionary<string, OrtErrorCode> ManagedNames = new(StringComparer.Ordinal)
    {
        ["Ok"] = OrtErrorCode.Ok, ["Fail"] = OrtErrorCode.Fail, ["InvalidArgument"] = OrtErrorCode.InvalidArgument,
        ["NoSuchFile"] = OrtErrorCode.NoSuchFile, ["NoModel"] = OrtErrorCode.NoModel, ["EngineError"] = OrtErrorCode.EngineError,
        ["RuntimeException"] = OrtErrorCode.RuntimeException, ["InvalidProtobuf"] = OrtErrorCode.InvalidProtobuf,
        ["ModelLoaded"] = OrtErrorCode.ModelLoaded, ["NotImplemented"] = OrtErrorCode.NotImplemented,
        ["InvalidGraph"] = OrtErrorCode.InvalidGraph, ["ShapeInferenceNotRegistered"] = OrtErrorCode.EpFail,
        ["RequirementNotRegistered"] = OrtErrorCode.ModelLoadCanceled,
    };

    private OrtException(OrtErrorCode errorCode, string ortMessage, OnnxRuntimeException inner)
        : base($"[ONNX Runtime {errorCode}] {ortMessage}", inner)
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message as ONNX Runtime wrote it, without the code prefix.</summary>
    public string OrtMessage { get; }

    /// <summary>Reads the error code out of the managed package's exception.</summary>
    public static OrtException From(OnnxRuntimeException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var code = OrtErrorCode.Fail;
        if (message.StartsWith(Prefix, StringComparison.Ordinal) && message.IndexOf(']') is var end and > 0)
        {
            var name = message[Prefix.Length..end];
            if (ManagedNames.TryGetValue(name, out var known)) code = known;
            message = message[(end + 1)..].TrimStart();
        }
        return new OrtException(code, message, error);
    }
}
