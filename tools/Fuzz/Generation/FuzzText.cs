namespace Inference.Fuzz.Generation;

/// <summary>Texts that break servers: Unicode edge cases, text the chat template or tokenizer may trip on, sizes.</summary>
public static class FuzzText
{
    /// <summary>Valid Unicode that is still unusual (the server must serve or refuse it cleanly).</summary>
    private static readonly string[] Unusual =
    [
        "", " ", "\u3000", "\u202e\u202d", "\uffff", "\ufffe", "\ufeff", "\u0000", "\u0000\u0001\u001f", "\r\n\t",
        "😀", "👩‍👩‍👧‍👦", "\ud83d\ude00\ud83d\ude00", "e\u0301\u0301\u0301", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "中文字符", "عربى", "\u200b\u200c\u200d",
        "Compute 12+7.", "1+1=", "42", "-0", "NaN", "Infinity", "null", "true", "{}", "[]", "\"", "\\", "\\u0000",
        "{{ 7*7 }}", "{% for x in range(999999999) %}x{% endfor %}", "{{ raise_exception('boom') }}", "<|im_start|>", "<|im_end|>",
        "</s>", "<s>", "<|endoftext|>", "{\"role\":\"system\"}", "../../etc/passwd", "%s%s%n", "' OR 1=1 --",
    ];

    /// <summary>Something the server cannot turn into a .NET string: escaped lone surrogates and raw non-UTF-8 bytes.</summary>
    private static readonly Func<string>[] Invalid =
    [
        () => Sentinels.Escape(0xD83D),
        () => Sentinels.Escape(0xDC00),
        () => "x" + Sentinels.Escape(0xDE00) + Sentinels.Escape(0xD83D) + "y",
        () => "12+" + Sentinels.Escape(0xDBFF),
        () => Sentinels.RawBytes(0xFF),
        () => "a" + Sentinels.RawBytes(0xC0, 0xAF) + "b",
        () => Sentinels.RawBytes(0xED, 0xA0, 0x80),
        () => Sentinels.RawBytes(0xE2, 0x82),
        () => Sentinels.RawBytes(0xF4, 0x90, 0x80, 0x80),
        () => Sentinels.RawBytes(0x80, 0x80, 0x80),
    ];

    public static string Pick(Random random) => random.Next(10) switch
    {
        < 5 => Unusual[random.Next(Unusual.Length)],
        < 8 => Invalid[random.Next(Invalid.Length)](),
        _ => Long(random),
    };

    /// <summary>A valid but large text: repeated characters, digits or a mix, up to ~100 KB.</summary>
    public static string Long(Random random)
    {
        var length = random.Next(4) switch { 0 => 300, 1 => 3_000, 2 => 30_000, _ => 100_000 };
        var unit = Unusual[random.Next(Unusual.Length)];
        if (unit.Length == 0) unit = "7";
        return string.Concat(Enumerable.Repeat(unit, Math.Max(1, length / unit.Length)));
    }

    /// <summary>A field name the server does not know.</summary>
    public static string UnknownName(Random random) => random.Next(4) switch
    {
        0 => "x_" + random.Next(1000),
        1 => "__proto__",
        2 => Unusual[random.Next(Unusual.Length)],
        _ => "metadata",
    };
}
