using System.Text;
using Inference.Engine.Tokenization;
using Inference.Engine.Tokenization.Decoders;
using Inference.Engine.Tokenization.PreTokenizers;

namespace Inference.Engine.Constraints;

/// <summary>
/// The bytes each token adds to the decoded text, read from the tokenizer's decoder chain: byte-level BPE maps its
/// characters back through the GPT-2 byte alphabet; SentencePiece-style chains replace '▁' by a space and turn
/// &lt;0xNN&gt; byte-fallback tokens into the byte NN; a Metaspace decoder with a prepend scheme, or a Strip of one
/// leading space after Fuse, drops the space at the start of the text, which <see cref="StripsLeadingSpace"/> reports
/// (it concerns the first generated token only). A chain that cannot be read token by token is refused.
/// </summary>
internal sealed class TokenBytes
{
    private readonly IReadOnlyList<IDecoder> steps;

    private TokenBytes(IReadOnlyList<IDecoder> steps, bool stripsLeadingSpace)
    {
        this.steps = steps;
        StripsLeadingSpace = stripsLeadingSpace;
    }

    /// <summary>True when the decoder removes one leading space from the whole text (SentencePiece's dummy prefix).</summary>
    public bool StripsLeadingSpace { get; }

    public static TokenBytes For(Tokenizer tokenizer)
    {
        var decoder = tokenizer.Parts.Decoder
            ?? throw Unsupported("it has no decoder (decoding joins tokens with spaces)");
        var steps = new List<IDecoder>();
        Flatten(decoder, steps);
        var fused = false;
        var strips = false;
        foreach (var step in steps)
        {
            switch (step)
            {
                case FuseDecoder:
                    fused = true;
                    break;
                case StripDecoder strip when strip.Stop > 0:
                    throw Unsupported("its Strip decoder removes characters from the end of the text");
                case StripDecoder strip when fused && strip.Start > 0:
                    if (strip.Content != ' ' || strip.Start != 1) throw Unsupported($"its Strip decoder removes {strip.Start} '{strip.Content}' from the start");
                    strips = true;
                    break;
                case MetaspaceDecoder metaspace when metaspace.PrependScheme != PrependScheme.Never:
                    strips = true;
                    break;
            }
        }
        return new TokenBytes(steps, strips);
    }

    private static void Flatten(IDecoder decoder, List<IDecoder> into)
    {
        if (decoder is SequenceDecoder sequence)
            foreach (var inner in sequence.Decoders) Flatten(inner, into);
        else
            into.Add(decoder);
    }

    /// <summary>The bytes of one model-vocabulary token in the middle of a text.</summary>
    public byte[] Of(string token)
    {
        string? text = token;
        byte[]? bytes = null;
        foreach (var step in steps)
        {
            switch (step)
            {
                case ReplaceDecoder replace when text is not null:
                    text = replace.Pattern.ReplaceAll(text, replace.Content);
                    break;
                case MetaspaceDecoder metaspace when text is not null:
                    text = text.Replace(metaspace.Replacement, ' ');
                    break;
                case StripDecoder strip when text is not null && strip.Start > 0 && !IsAfterFuse(step):
                    text = StripStart(text, strip.Content, strip.Start);
                    break;
                case ByteFallbackDecoder when text is not null && ByteFallbackDecoder.TryParseByte(text, out var value):
                    bytes = [value];
                    text = null;
                    break;
                case ByteLevelDecoder when text is not null:
                    bytes = ByteLevel(text);
                    text = null;
                    break;
            }
        }
        return bytes ?? Encoding.UTF8.GetBytes(text!);
    }

    private bool IsAfterFuse(IDecoder step)
    {
        foreach (var s in steps)
        {
            if (ReferenceEquals(s, step)) return false;
            if (s is FuseDecoder) return true;
        }
        return false;
    }

    private static string StripStart(string text, char content, int count)
    {
        var from = 0;
        while (from < count && from < text.Length && text[from] == content) from++;
        return text[from..];
    }

    /// <summary>As <see cref="ByteLevelDecoder"/>: alphabet characters to bytes; a token with any other character is its own UTF-8.</summary>
    private static byte[] ByteLevel(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            var b = ByteLevelAlphabet.ByteOf(token[i]);
            if (b < 0) return Encoding.UTF8.GetBytes(token);
            bytes[i] = (byte)b;
        }
        return bytes;
    }

    private static ConstraintCompileException Unsupported(string why) =>
        new($"Constrained decoding is not available for this model's tokenizer: {why}.", "");
}
