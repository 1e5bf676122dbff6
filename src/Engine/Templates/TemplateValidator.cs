namespace Inference.Engine.Templates;

/// <summary>
/// Jinja's compile-time check: a filter or test name that does not exist is a syntax error, except inside an
/// <c>if</c> statement or a conditional expression, where Jinja defers the error until the call is reached.
/// </summary>
internal sealed class TemplateValidator(SourcePosition positions)
{
    public void Check(IReadOnlyList<Stmt> body) => CheckBody(body, soft: false);

    private void CheckBody(IReadOnlyList<Stmt> body, bool soft)
    {
        foreach (var stmt in body)
        {
            switch (stmt)
            {
                case PrintStmt p: CheckExpr(p.Value, soft); break;
                case IfStmt i:
                    foreach (var (condition, branch) in i.Branches)
                    {
                        CheckExpr(condition, true);
                        CheckBody(branch, true);
                    }
                    if (i.Else is not null) CheckBody(i.Else, true);
                    break;
                case ForStmt f:
                    CheckExpr(f.Iterable, soft);
                    if (f.Filter is not null) CheckExpr(f.Filter, soft);
                    CheckBody(f.Body, soft);
                    if (f.Else is not null) CheckBody(f.Else, soft);
                    break;
                case SetStmt s: CheckExpr(s.Value, soft); break;
                case SetAttributeStmt a: CheckExpr(a.Value, soft); break;
                case SetBlockStmt b: CheckBody(b.Body, soft); break;
                case MacroStmt m:
                    foreach (var (_, fallback) in m.Parameters)
                        if (fallback is not null) CheckExpr(fallback, soft);
                    CheckBody(m.Body, soft);
                    break;
                case BlockStmt b: CheckBody(b.Body, soft); break;
                case CallBlockStmt c: CheckExpr(c.Call, soft); CheckBody(c.Body, soft); break;
                case FilterBlockStmt fb:
                    foreach (var filter in fb.Filters) CheckExpr(filter, soft);
                    CheckBody(fb.Body, soft);
                    break;
                case WithStmt w:
                    foreach (var (_, value) in w.Assignments) CheckExpr(value, soft);
                    CheckBody(w.Body, soft);
                    break;
            }
        }
    }

    private void Fail(string message, int position)
    {
        var (line, column) = positions.Locate(position);
        throw new TemplateSyntaxException(message, line, column);
    }

    private void CheckArguments(Arguments args, bool soft)
    {
        foreach (var e in args.Positional) CheckExpr(e, soft);
        foreach (var (_, e) in args.Keywords) CheckExpr(e, soft);
    }

    private void CheckExpr(Expr? expr, bool soft)
    {
        switch (expr)
        {
            case null or LiteralExpr or NameExpr: return;
            case ListExpr l: foreach (var item in l.Items) CheckExpr(item, soft); return;
            case DictExpr d: foreach (var (k, v) in d.Entries) { CheckExpr(k, soft); CheckExpr(v, soft); } return;
            case AttributeExpr a: CheckExpr(a.Target, soft); return;
            case IndexExpr i: CheckExpr(i.Target, soft); CheckExpr(i.Index, soft); return;
            case SliceExpr s: CheckExpr(s.Target, soft); CheckExpr(s.Start, soft); CheckExpr(s.Stop, soft); CheckExpr(s.Step, soft); return;
            case CallExpr c: CheckExpr(c.Callee, soft); CheckArguments(c.Args, soft); return;
            case FilterExpr f:
                if (!soft && !Filters.Names.Contains(f.Name)) Fail($"No filter named '{f.Name}'.", f.Position);
                CheckExpr(f.Input, soft);
                CheckArguments(f.Args, soft);
                return;
            case TestExpr t:
                if (!soft && !Tests.Names.Contains(t.Name)) Fail($"No test named '{t.Name}'.", t.Position);
                CheckExpr(t.Input, soft);
                CheckArguments(t.Args, soft);
                return;
            case UnaryExpr u: CheckExpr(u.Operand, soft); return;
            case BinaryExpr b: CheckExpr(b.Left, soft); CheckExpr(b.Right, soft); return;
            case LogicalExpr l: CheckExpr(l.Left, soft); CheckExpr(l.Right, soft); return;
            case CompareExpr c: CheckExpr(c.First, soft); foreach (var (_, e) in c.Rest) CheckExpr(e, soft); return;
            case ConditionalExpr c: CheckExpr(c.Test, true); CheckExpr(c.Then, true); CheckExpr(c.Else, true); return;
        }
    }
}
