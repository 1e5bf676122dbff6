using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Inference.Engine.Templates;

/// <summary>Builds template values from JSON (as Python's json.loads would: ints stay ints, floats stay floats)
/// or from plain .NET data (strings, numbers, bools, null, dictionaries, lists). Nothing else is accepted: the
/// template can never reach a live .NET object.</summary>
public static class TemplateValueConverter
{
    public static TemplateValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new StringValue(element.GetString()!),
        JsonValueKind.Number => FromJsonNumber(element),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        JsonValueKind.Null or JsonValueKind.Undefined => NoneValue.Instance,
        JsonValueKind.Array => new ListValue(element.EnumerateArray().Select(FromJson).ToList()),
        JsonValueKind.Object => new DictValue(element.EnumerateObject()
            .Select(p => new KeyValuePair<TemplateValue, TemplateValue>(new StringValue(p.Name), FromJson(p.Value)))),
        _ => throw new ArgumentException($"unsupported JSON value kind {element.ValueKind}"),
    };

    private static TemplateValue FromJsonNumber(JsonElement element)
    {
        var raw = element.GetRawText();
        var isFloat = raw.AsSpan().IndexOfAny(".eE") >= 0;
        if (!isFloat && element.TryGetInt64(out var l)) return new IntegerValue(l);
        if (!isFloat) return Integer(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        return new FloatValue(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    public static TemplateValue FromObject(object? value, int depth = 0)
    {
        if (depth > 128) throw new ArgumentException("template variables nest deeper than 128 levels");
        return value switch
        {
            null => NoneValue.Instance,
            TemplateValue t => t,
            string s => new StringValue(s),
            bool b => TemplateValue.From(b),
            sbyte or byte or short or ushort or int or uint or long => new IntegerValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            ulong u => Integer(u),
            BigInteger big => Integer(big),
            float or double or decimal => new FloatValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            JsonElement e => FromJson(e),
            JsonDocument d => FromJson(d.RootElement),
            IDictionary dict => FromDictionary(dict, depth),
            IEnumerable sequence => new ListValue(sequence.Cast<object?>().Select(x => FromObject(x, depth + 1)).ToList()),
            _ => throw new ArgumentException($"values of type {value.GetType().Name} cannot be passed to a chat template"),
        };
    }

    private static TemplateValue Integer(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? new IntegerValue((long)value) : new LargeIntegerValue(value);

    private static DictValue FromDictionary(IDictionary dict, int depth)
    {
        var result = new DictValue();
        foreach (DictionaryEntry entry in dict)
            result.Set(FromObject(entry.Key, depth + 1), FromObject(entry.Value, depth + 1));
        return result;
    }
}
