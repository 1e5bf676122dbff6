namespace Inference.Engine.Tokenization;

/// <summary>
/// An entry of tokenizer.json "added_tokens": a string matched in the text before normalization (or after, when
/// <see cref="Normalized"/>) and never split by the model.
/// </summary>
/// <param name="Id">Token id.</param>
/// <param name="Content">The text of the token.</param>
/// <param name="SingleWord">Only matches when not touching word characters on either side.</param>
/// <param name="LeftStrip">Swallows the whitespace before it.</param>
/// <param name="RightStrip">Swallows the whitespace after it.</param>
/// <param name="Normalized">Matched against normalized text rather than the raw input.</param>
/// <param name="Special">A control token: dropped by decode with skipSpecialTokens.</param>
public sealed record AddedToken(int Id, string Content, bool SingleWord, bool LeftStrip, bool RightStrip, bool Normalized, bool Special);
