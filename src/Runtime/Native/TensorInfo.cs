using System.Runtime.InteropServices;

namespace Inference.Runtime.Native;

/// <summary>Reads an <c>OrtTensorTypeAndShapeInfo</c> (not released here).</summary>
internal readonly record struct TensorInfo(TensorElementType ElementType, long[] Dimensions, string?[] SymbolicDimensions)
{
    public static unsafe TensorInfo Read(IntPtr info)
    {
        var api = OrtLibrary.Api;
        int type;
        nuint rank;
        OrtStatus.Check(api.GetTensorElementType(info, &type));
        OrtStatus.Check(api.GetDimensionsCount(info, &rank));
        var dims = new long[(int)rank];
        var names = new string?[(int)rank];
        if (rank > 0)
        {
            fixed (long* d = dims) OrtStatus.Check(api.GetDimensions(info, d, rank));
            var symbolic = stackalloc byte*[(int)rank];
            OrtStatus.Check(api.GetSymbolicDimensions(info, symbolic, rank));
            for (var i = 0; i < (int)rank; i++)
            {
                var name = Marshal.PtrToStringUTF8((IntPtr)symbolic[i]);
                names[i] = string.IsNullOrEmpty(name) ? null : name;
            }
        }
        return new TensorInfo((TensorElementType)type, dims, names);
    }
}
