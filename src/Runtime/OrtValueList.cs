using System.Collections;

namespace Inference.Runtime;

/// <summary>The outputs of a run, owned: disposing the list disposes every value (in reverse order).</summary>
public sealed class OrtValueList : IReadOnlyList<OrtValue>, IDisposable
{
    private readonly string[] names;
    private readonly OrtValue?[] values;

    internal OrtValueList(string[] names, OrtValue[] values)
    {
        this.names = names;
        this.values = values;
    }

    public int Count => values.Length;

    public IReadOnlyList<string> Names => names;

    public OrtValue this[int index] => values[index] ?? throw new InvalidOperationException($"Output {index} was taken.");

    public OrtValue this[string name] => this[IndexOf(name)];

    /// <summary>Moves ownership of one output to the caller; the list no longer disposes it.</summary>
    public OrtValue Take(string name)
    {
        var index = IndexOf(name);
        var value = this[index];
        values[index] = null;
        return value;
    }

    private int IndexOf(string name)
    {
        var index = Array.IndexOf(names, name);
        if (index < 0) throw new KeyNotFoundException($"No output named '{name}' was requested.");
        return index;
    }

    public IEnumerator<OrtValue> GetEnumerator() => values.Where(v => v is not null).Select(v => v!).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            values[i]?.Dispose();
            values[i] = null;
        }
    }
}
