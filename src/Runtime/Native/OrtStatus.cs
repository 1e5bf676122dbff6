using System.Runtime.InteropServices;

namespace Inference.Runtime.Native;

/// <summary>Turns an <c>OrtStatus*</c> into an exception; every status-returning call goes through here.</summary>
internal static unsafe class OrtStatus
{
    public static void Check(IntPtr status)
    {
        if (status == IntPtr.Zero) return;
        throw ToException(status);
    }

    /// <summary>Reads code and message, then releases the status (also when reading fails).</summary>
    public static OnnxRuntimeException ToException(IntPtr status)
    {
        var api = OrtLibrary.Api;
        try
        {
            var code = (OrtErrorCode)api.GetErrorCode(status);
            var message = Marshal.PtrToStringUTF8((IntPtr)api.GetErrorMessage(status)) ?? "(no message)";
            return new OnnxRuntimeException(code, message);
        }
        finally
        {
            api.ReleaseStatus(status);
        }
    }
}
