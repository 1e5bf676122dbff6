namespace Inference.Selection;

/// <summary>
/// The normalized form of an answer. When the answer parses as a number, <see cref="Number"/> holds it and answers
/// compare numerically with a relative tolerance; otherwise they compare by their folded <see cref="Text"/>.
/// </summary>
public sealed record AnswerKey(string Text, double? Number)
{
    /// <summary>Relative tolerance for numeric equivalence (|a-b| &lt;= tol * max(|a|,|b|)).</summary>
    public const double DefaultRelativeTolerance = 1e-4;

    public bool IsNumeric => Number is not null;

    /// <summary>
    /// Numeric keys are equivalent when within the relative tolerance; a numeric and a textual key never are;
    /// textual keys are equivalent when their folded text is equal. Tolerance makes this relation non-transitive,
    /// which is why grouping compares against a class representative (see <see cref="AnswerClasses"/>).
    /// </summary>
    public bool IsEquivalentTo(AnswerKey other, double relativeTolerance = DefaultRelativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Number is { } a && other.Number is { } b)
        {
            return a == b || Math.Abs(a - b) <= relativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));
        }

        return Number is null && other.Number is null && string.Equals(Text, other.Text, StringComparison.Ordinal);
    }

    public override string ToString() => Text;
}
