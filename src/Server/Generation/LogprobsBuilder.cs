using System.Text;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tokenization;
using Inference.Protocol;

namespace Inference.Server.Generation;

/// <summary>Engine log-probabilities -> OpenAI's chat and legacy completion shapes, tokens shown as decoded text.</summary>
public sealed class LogprobsBuilder(Tokenizer tokenizer)
{
    public string TokenText(int id) => tokenizer.Decode([id], skipSpecialTokens: false);

    public ChatTokenLogprob ChatToken(int id, float logprob, TokenLogprob[]? top, int topCount)
    {
        var text = TokenText(id);
        var alternatives = (top ?? []).Take(topCount).Select(t =>
        {
            var s = TokenText(t.TokenId);
            return new TopLogprob(s, t.Logprob, Bytes(s));
        }).ToList();
        return new ChatTokenLogprob(text, logprob, Bytes(text), alternatives);
    }

    /// <summary>Per generated token of a sample, leaving out a final stop token (it is not part of the text).</summary>
    public ChatLogprobs? ForChat(SampleResult sample, int topCount)
    {
        if (sample.TokenLogprobs is not { } logprobs) return null;
        var count = VisibleTokens(sample);
        var content = new List<ChatTokenLogprob>(count);
        for (var i = 0; i < count; i++)
            content.Add(ChatToken(sample.TokenIds[i], logprobs[i], sample.TopLogprobs is { } top && i < top.Count ? top[i] : null, topCount));
        return new ChatLogprobs(content);
    }

    public CompletionLogprobs? ForCompletion(SampleResult sample, int topCount, int textOffset)
    {
        if (sample.TokenLogprobs is not { } logprobs) return null;
        var count = VisibleTokens(sample);
        var tokens = new List<string>(count);
        var values = new List<double?>(count);
        var tops = new List<Dictionary<string, double>?>(count);
        var offsets = new List<int>(count);
        var offset = textOffset;
        for (var i = 0; i < count; i++)
        {
            var text = TokenText(sample.TokenIds[i]);
            tokens.Add(text);
            values.Add(logprobs[i]);
            offsets.Add(offset);
            offset += text.Length;
            tops.Add(CompletionTop(sample.TokenIds[i], logprobs[i], sample.TopLogprobs is { } top && i < top.Count ? top[i] : null, topCount));
        }
        return new CompletionLogprobs(tokens, values, tops, offsets);
    }

    /// <summary>
    /// The echoed prompt's part of legacy logprobs: every prompt token, the first with null log-probability and null
    /// top_logprobs (it has no prefix), text offsets into <paramref name="echo"/> (the prompt as echoed).
    /// </summary>
    public CompletionLogprobs ForPrompt(IReadOnlyList<PromptTokenLogprob> prompt, string echo, int topCount)
    {
        var ids = prompt.Select(t => t.TokenId).ToArray();
        var offsets = PromptOffsets(ids, echo);
        var tokens = new List<string>(ids.Length);
        var values = new List<double?>(ids.Length);
        var tops = new List<Dictionary<string, double>?>(ids.Length);
        foreach (var t in prompt)
        {
            tokens.Add(TokenText(t.TokenId));
            values.Add(t.Logprob);
            tops.Add(t.Logprob is { } logprob ? CompletionTop(t.TokenId, logprob, t.TopLogprobs, topCount) : null);
        }
        return new CompletionLogprobs(tokens, values, tops, offsets);
    }

    /// <summary>Prompt part then completion part, as one choice's logprobs.</summary>
    public static CompletionLogprobs Concat(CompletionLogprobs first, CompletionLogprobs? second) => second is null ? first : new(
        [.. first.Tokens, .. second.Tokens], [.. first.TokenLogprobs, .. second.TokenLogprobs],
        [.. first.TopLogprobs, .. second.TopLogprobs], [.. first.TextOffset, .. second.TextOffset]);

    /// <summary>
    /// Where each prompt token starts in the echoed text: the length of the text decoded before it. The echo is the
    /// client's own string (or the decoded token ids), so decoding is tried with and without special tokens (a BOS
    /// the tokenizer added is not in the client's string) and the one that reproduces the echo is used; otherwise
    /// the offsets are clamped to the echo's length.
    /// </summary>
    private List<int> PromptOffsets(int[] ids, string echo)
    {
        List<int>? clamped = null;
        foreach (var skipSpecial in new[] { false, true })
        {
            var decoder = tokenizer.CreateStreamingDecoder(skipSpecial);
            var offsets = new List<int>(ids.Length);
            var length = 0;
            foreach (var id in ids)
            {
                offsets.Add(length);
                length += decoder.Add(id).Length;
            }
            length += decoder.Flush().Length;
            if (length == echo.Length) return offsets;
            clamped ??= offsets.Select(o => Math.Min(o, echo.Length)).ToList();
        }
        return clamped!;
    }

    /// <summary>The legacy top_logprobs entry: the top alternatives and, always, the sampled token.</summary>
    public Dictionary<string, double> CompletionTop(int id, float logprob, TokenLogprob[]? top, int topCount)
    {
        var entry = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var t in (top ?? []).Take(topCount)) entry.TryAdd(TokenText(t.TokenId), t.Logprob);
        entry.TryAdd(TokenText(id), logprob);
        return entry;
    }

    private static int VisibleTokens(SampleResult sample) =>
        sample.FinishReason == FinishReason.Stop && sample.MatchedStop is null && sample.TokenIds.Count > 0 ? sample.TokenIds.Count - 1 : sample.TokenIds.Count;

    private static List<int> Bytes(string text) => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToList();
}
