namespace Inference.Engine.Templates;

internal enum TokenKind
{
    Data,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    Eof,
}

/// <summary>One lexeme. <see cref="Text"/> is the decoded value for strings, the spelling otherwise.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;
    public bool IsName(string name) => Kind == TokenKind.Name && Text == name;
    public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;
}
