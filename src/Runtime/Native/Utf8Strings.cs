using System.Runtime.InteropServices;

namespace Inference.Runtime.Native;

/// <summary>Null-terminated UTF-8 copies of strings in native memory, freed together on dispose.</summary>
internal sealed unsafe class Utf8Strings : IDisposable
{
    private readonly IntPtr[] pointers;

    public Utf8Strings(IReadOnlyList<string> values)
    {
        pointers = new IntPtr[values.Count];
        for (var i = 0; i < values.Count; i++) pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
    }

    public int Count => pointers.Length;

    public byte* this[int index] => (byte*)pointers[index];

    /// <summary>Copies the pointers into <paramref name="destination"/> (an array of <c>const char*</c>).</summary>
    public void CopyTo(byte** destination)
    {
        for (var i = 0; i < pointers.Length; i++) destination[i] = (byte*)pointers[i];
    }

    public void Dispose()
    {
        for (var i = 0; i < pointers.Length; i++)
        {
            Marshal.FreeCoTaskMem(pointers[i]);
            pointers[i] = IntPtr.Zero;
        }
    }
}
