namespace Inference.Selection;

/// <summary>An equivalence class of answers: its representative (the first member's answer) and its members in pool order.</summary>
public sealed class AnswerClass(int id, ExtractedAnswer representative, int firstPosition)
{
    private readonly List<Candidate> _members = [];

    /// <summary>0-based class id in first-seen order.</summary>
    public int Id { get; } = id;

    public ExtractedAnswer Representative { get; } = representative;

    /// <summary>Position in the pool of the first member: the "first seen" order of classes.</summary>
    public int FirstPosition { get; } = firstPosition;

    public IReadOnlyList<Candidate> Members => _members;

    internal void Add(Candidate candidate) => _members.Add(candidate);
}
