namespace Inference.Engine.Packages;

/// <summary>
/// Where a row's tokens must sit in its key/value cache for the graph to attend to the right keys at the right
/// positions: what decides how rows of different lengths share one batch (tests/fixtures/LAYOUTS.md has the
/// measurements behind each rule).
/// </summary>
public enum RowPlacement
{
    /// <summary>
    /// com.microsoft GroupQueryAttention (onnxruntime-genai builder exports): the op takes each row's length from the
    /// attention mask's sum (seqlens_k) and the batch's from its width, derives rotary positions from them, reads the
    /// row's keys from position 0 and writes the new ones right after. So every row starts at position 0 (padding only
    /// after it), and past and present may be one buffer the step writes in place.
    /// </summary>
    FromStart,

    /// <summary>
    /// Every other export (MultiHeadAttention, the legacy Attention op, attention written with plain operators): the
    /// graph masks keys one by one, takes positions from position_ids, and returns a present one position longer than
    /// the past it was given. Rows are left-padded to the batch's width and append at the same column each step.
    /// </summary>
    LeftPadded,
}
