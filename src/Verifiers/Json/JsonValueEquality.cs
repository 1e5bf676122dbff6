using System.Text.Json;

namespace Inference.Verifiers;

/// <summary>JSON value equality for enum/const: numbers by value (1 == 1.0), objects regardless of member order.</summary>
internal static class JsonValueEquality
{
    public static bool AreEqual(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Number:
                return a.GetDouble() == b.GetDouble();
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength()
                    && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => AreEqual(p.First, p.Second));
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                return left.Count == right.Count
                    && left.All(p => right.TryGetValue(p.Name, out var other) && AreEqual(p.Value, other));
            default:
                return true; // true, false, null: equal kinds are equal values
        }
    }
}
