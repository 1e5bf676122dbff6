namespace Inference.Engine.Templates;

/// <summary>Expression nodes of the parsed template.</summary>
internal abstract record Expr;

internal sealed record LiteralExpr(TemplateValue Value) : Expr;
internal sealed record NameExpr(string Name) : Expr;
internal sealed record ListExpr(IReadOnlyList<Expr> Items, bool IsTuple) : Expr;
internal sealed record DictExpr(IReadOnlyList<(Expr Key, Expr Value)> Entries) : Expr;
internal sealed record AttributeExpr(Expr Target, string Name) : Expr;
internal sealed record IndexExpr(Expr Target, Expr Index) : Expr;
internal sealed record SliceExpr(Expr Target, Expr? Start, Expr? Stop, Expr? Step) : Expr;
internal sealed record CallExpr(Expr Callee, Arguments Args) : Expr;
internal sealed record FilterExpr(Expr Input, string Name, Arguments Args, int Position) : Expr;
internal sealed record TestExpr(Expr Input, string Name, Arguments Args, bool Negated, int Position) : Expr;
internal sealed record UnaryExpr(string Operator, Expr Operand) : Expr;
internal sealed record BinaryExpr(string Operator, Expr Left, Expr Right) : Expr;
internal sealed record LogicalExpr(bool IsAnd, Expr Left, Expr Right) : Expr;
internal sealed record CompareExpr(Expr First, IReadOnlyList<(string Operator, Expr Operand)> Rest) : Expr;
internal sealed record ConditionalExpr(Expr Test, Expr Then, Expr? Else) : Expr;

internal sealed record Arguments(IReadOnlyList<Expr> Positional, IReadOnlyList<(string Name, Expr Value)> Keywords)
{
    public static readonly Arguments Empty = new([], []);
}

/// <summary>Statement nodes; every node keeps its source offset so runtime errors can name a line.</summary>
internal abstract record Stmt;

internal sealed record DataStmt(string Text) : Stmt;
internal sealed record PrintStmt(Expr Value) : Stmt;
internal sealed record IfStmt(IReadOnlyList<(Expr Condition, IReadOnlyList<Stmt> Body)> Branches, IReadOnlyList<Stmt>? Else) : Stmt;
internal sealed record ForStmt(IReadOnlyList<string> Targets, Expr Iterable, Expr? Filter, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt>? Else) : Stmt;
internal sealed record SetStmt(IReadOnlyList<string> Targets, Expr Value) : Stmt;
internal sealed record SetAttributeStmt(string Namespace, string Attribute, Expr Value) : Stmt;
internal sealed record SetBlockStmt(string Target, IReadOnlyList<Stmt> Body) : Stmt;
internal sealed record MacroStmt(string Name, IReadOnlyList<(string Name, Expr? Default)> Parameters, IReadOnlyList<Stmt> Body) : Stmt;
internal sealed record BreakStmt : Stmt;
internal sealed record ContinueStmt : Stmt;
internal sealed record BlockStmt(IReadOnlyList<Stmt> Body) : Stmt;
internal sealed record CallBlockStmt(CallExpr Call, IReadOnlyList<Stmt> Body) : Stmt;
internal sealed record FilterBlockStmt(IReadOnlyList<FilterExpr> Filters, IReadOnlyList<Stmt> Body) : Stmt;
internal sealed record WithStmt(IReadOnlyList<(string Name, Expr Value)> Assignments, IReadOnlyList<Stmt> Body) : Stmt;
