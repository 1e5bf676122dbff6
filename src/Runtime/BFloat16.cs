namespace Inference.Runtime;

/// <summary>A bfloat16 value (the upper 16 bits of an IEEE float32), as stored in bfloat16 tensors.</summary>
public readonly record struct BFloat16(ushort Bits)
{
    /// <summary>Rounds to nearest even, as hardware conversions do; NaN stays NaN.</summary>
    public static explicit operator BFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return new BFloat16((ushort)((bits >> 16) | 0x0040));
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return new BFloat16((ushort)((bits + rounding) >> 16));
    }

    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.Bits << 16);

    public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
