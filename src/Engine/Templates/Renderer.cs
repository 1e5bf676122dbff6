using System.Text;

namespace Inference.Engine.Templates;

/// <summary>Executes a parsed template once. One instance per render, so a parsed template can be shared by threads.</summary>
internal sealed class Renderer
{
    private enum Flow { Normal, Break, Continue }

    private readonly TemplateLimits _limits;
    private readonly IReadOnlyDictionary<Stmt, (int Line, int Column)> _locations;
    private long _iterations;
    private int _depth;

    public Renderer(TemplateLimits limits, IReadOnlyDictionary<Stmt, (int Line, int Column)> locations)
    {
        _limits = limits;
        _locations = locations;
    }

    public TemplateLimits Limits => _limits;

    public string Render(IReadOnlyList<Stmt> body, Scope scope)
    {
        var output = new StringBuilder();
        Execute(body, scope, output);
        return output.ToString();
    }

    private void Append(StringBuilder output, string text)
    {
        if ((long)output.Length + text.Length > _limits.MaxOutputChars)
            throw new TemplateLimitException($"rendered output exceeds the limit of {_limits.MaxOutputChars} characters");
        output.Append(text);
    }

    private Flow Execute(IReadOnlyList<Stmt> body, Scope scope, StringBuilder output)
    {
        foreach (var stmt in body)
        {
            try
            {
                var flow = ExecuteOne(stmt, scope, output);
                if (flow != Flow.Normal) return flow;
            }
            catch (TemplateRuntimeException e) when (e.Line is null && _locations.TryGetValue(stmt, out var at))
            {
                throw e.At(at.Line, at.Column);
            }
        }
        return Flow.Normal;
    }

    private Flow ExecuteOne(Stmt stmt, Scope scope, StringBuilder output)
    {
        switch (stmt)
        {
            case DataStmt d: Append(output, d.Text); break;
            case PrintStmt p: Append(output, Evaluate(p.Value, scope).ToString()); break;
            case IfStmt i:
                var taken = false;
                foreach (var (condition, branch) in i.Branches)
                {
                    if (!Evaluate(condition, scope).IsTruthy) continue;
                    taken = true;
                    var flow = Execute(branch, scope, output);
                    if (flow != Flow.Normal) return flow;
                    break;
                }
                if (!taken && i.Else is not null)
                {
                    var flow = Execute(i.Else, scope, output);
                    if (flow != Flow.Normal) return flow;
                }
                break;
            case ForStmt f: ExecuteFor(f, scope, output); break;
            case SetStmt s: Assign(s.Targets, Evaluate(s.Value, scope), scope); break;
            case SetAttributeStmt a:
                if (scope.Lookup(a.Namespace) is not NamespaceValue ns)
                    throw new TemplateRuntimeException("cannot assign attribute on non-namespace object");
                ns.Attributes[a.Attribute] = Evaluate(a.Value, scope);
                break;
            case SetBlockStmt b:
                var captured = new StringBuilder();
                Execute(b.Body, scope, captured);
                scope.Set(b.Target, new StringValue(captured.ToString()));
                break;
            case MacroStmt m: scope.Set(m.Name, MakeMacro(m, scope)); break;
            case BlockStmt b:
                var inner = Execute(b.Body, scope, output);
                if (inner != Flow.Normal) return inner;
                break;
            case CallBlockStmt c:
                var caller = new CallableValue("caller", _ =>
                {
                    var body = new StringBuilder();
                    Execute(c.Body, new Scope(scope), body);
                    return new StringValue(body.ToString());
                });
                var callArgs = EvaluateArguments(c.Call.Args, scope);
                var withCaller = new CallArguments(callArgs.Positional, [.. callArgs.Keywords, new("caller", caller)]);
                Append(output, Call(Evaluate(c.Call.Callee, scope), withCaller).ToString());
                break;
            case FilterBlockStmt fb:
                var filtered = new StringBuilder();
                var filterFlow = Execute(fb.Body, scope, filtered);
                TemplateValue value = new StringValue(filtered.ToString());
                foreach (var filter in fb.Filters)
                    value = Filters.Apply(filter.Name, value, EvaluateArguments(filter.Args, scope), this);
                Append(output, value.ToString());
                if (filterFlow != Flow.Normal) return filterFlow;
                break;
            case WithStmt w:
                var withScope = new Scope(scope);
                foreach (var (name, valueExpr) in w.Assignments) withScope.Set(name, Evaluate(valueExpr, scope));
                var withFlow = Execute(w.Body, withScope, output);
                if (withFlow != Flow.Normal) return withFlow;
                break;
            case BreakStmt: return Flow.Break;
            case ContinueStmt: return Flow.Continue;
            default: throw new TemplateRuntimeException($"unknown statement {stmt.GetType().Name}");
        }
        return Flow.Normal;
    }

    private static void Assign(IReadOnlyList<string> targets, TemplateValue value, Scope scope)
    {
        if (targets.Count == 1)
        {
            scope.Set(targets[0], value);
            return;
        }
        var items = Values.Iterate(value).ToList();
        if (items.Count != targets.Count)
            throw new TemplateRuntimeException(items.Count > targets.Count
                ? $"too many values to unpack (expected {targets.Count})"
                : $"not enough values to unpack (expected {targets.Count}, got {items.Count})");
        for (var i = 0; i < targets.Count; i++) scope.Set(targets[i], items[i]);
    }

    private void CountIteration()
    {
        if (++_iterations > _limits.MaxLoopIterations)
            throw new TemplateLimitException($"loop iterations exceed the limit of {_limits.MaxLoopIterations}");
    }

    private void ExecuteFor(ForStmt f, Scope scope, StringBuilder output)
    {
        var source = Evaluate(f.Iterable, scope);
        var items = new List<TemplateValue>();
        foreach (var item in Values.Iterate(source))
        {
            CountIteration();
            if (f.Filter is not null)
            {
                var filterScope = new Scope(scope);
                Assign(f.Targets, item, filterScope);
                if (!Evaluate(f.Filter, filterScope).IsTruthy) continue;
            }
            items.Add(item);
        }
        if (items.Count == 0)
        {
            if (f.Else is not null) Execute(f.Else, scope, output);
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            CountIteration();
            var iteration = new Scope(scope);
            Assign(f.Targets, items[i], iteration);
            iteration.Set("loop", new LoopValue(items, i));
            if (Execute(f.Body, iteration, output) == Flow.Break) break;
        }
    }

    private CallableValue MakeMacro(MacroStmt m, Scope definitionScope) => new(m.Name, args =>
    {
        if (args.Positional.Count > m.Parameters.Count)
            throw new TemplateRuntimeException($"macro '{m.Name}' takes not more than {m.Parameters.Count} argument(s)");
        if (++_depth > _limits.MaxCallDepth)
            throw new TemplateLimitException($"macro calls nest deeper than the limit of {_limits.MaxCallDepth}");
        try
        {
            var frame = new Scope(definitionScope);
            for (var i = 0; i < m.Parameters.Count; i++)
            {
                var (name, fallback) = m.Parameters[i];
                var value = args.Get(i, name);
                if (value is null)
                    value = fallback is null ? new UndefinedValue($"parameter '{name}' was not provided") : Evaluate(fallback, frame);
                frame.Set(name, value);
            }
            frame.Set("caller", args.Keywords.FirstOrDefault(k => k.Key == "caller").Value ?? new UndefinedValue("'caller' is undefined"));
            foreach (var (k, _) in args.Keywords)
                if (k != "caller" && m.Parameters.All(p => p.Name != k))
                    throw new TemplateRuntimeException($"macro '{m.Name}' takes no keyword argument '{k}'");
            var output = new StringBuilder();
            Execute(m.Body, frame, output);
            return new StringValue(output.ToString());
        }
        finally
        {
            _depth--;
        }
    });

    public TemplateValue Evaluate(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case LiteralExpr l: return l.Value;
            case NameExpr n: return scope.Lookup(n.Name);
            case ListExpr l: return new ListValue(l.Items.Select(e => Evaluate(e, scope)).ToList(), l.IsTuple);
            case DictExpr d:
                var dict = new DictValue();
                foreach (var (k, v) in d.Entries) dict.Set(Evaluate(k, scope), Evaluate(v, scope));
                return dict;
            case AttributeExpr a: return Values.GetAttribute(Evaluate(a.Target, scope), a.Name, _limits);
            case IndexExpr i: return Values.GetItem(Evaluate(i.Target, scope), Evaluate(i.Index, scope), _limits);
            case SliceExpr s:
                return Values.Slice(Evaluate(s.Target, scope), Optional(s.Start, scope), Optional(s.Stop, scope), Optional(s.Step, scope));
            case CallExpr c: return Call(Evaluate(c.Callee, scope), EvaluateArguments(c.Args, scope));
            case FilterExpr f: return Filters.Apply(f.Name, Evaluate(f.Input, scope), EvaluateArguments(f.Args, scope), this);
            case TestExpr t:
                var result = Tests.Apply(t.Name, Evaluate(t.Input, scope), EvaluateArguments(t.Args, scope));
                return TemplateValue.From(result != t.Negated);
            case UnaryExpr u:
                var operand = Evaluate(u.Operand, scope);
                return u.Operator switch
                {
                    "not" => TemplateValue.From(!operand.IsTruthy),
                    "-" => Operators.Negate(operand),
                    _ => Operators.IsNumber(operand) ? operand : throw new TemplateRuntimeException($"bad operand type for unary +: '{operand.TypeName}'"),
                };
            case BinaryExpr b: return Operators.Binary(b.Operator, Evaluate(b.Left, scope), Evaluate(b.Right, scope), _limits);
            case LogicalExpr l:
                var left = Evaluate(l.Left, scope);
                if (l.IsAnd ? !left.IsTruthy : left.IsTruthy) return left;
                return Evaluate(l.Right, scope);
            case CompareExpr c:
                var current = Evaluate(c.First, scope);
                foreach (var (op, operandExpr) in c.Rest)
                {
                    var next = Evaluate(operandExpr, scope);
                    if (!Operators.Compare(op, current, next)) return BooleanValue.False;
                    current = next;
                }
                return BooleanValue.True;
            case ConditionalExpr c:
                if (Evaluate(c.Test, scope).IsTruthy) return Evaluate(c.Then, scope);
                return c.Else is null ? new UndefinedValue("the inline if-expression evaluated to false and no else section was defined.") : Evaluate(c.Else, scope);
            default:
                throw new TemplateRuntimeException($"unknown expression {expr.GetType().Name}");
        }
    }

    private TemplateValue? Optional(Expr? e, Scope scope) => e is null ? null : Evaluate(e, scope);

    private CallArguments EvaluateArguments(Arguments args, Scope scope)
    {
        if (args.Positional.Count == 0 && args.Keywords.Count == 0) return CallArguments.None;
        return new CallArguments(
            args.Positional.Select(e => Evaluate(e, scope)).ToList(),
            args.Keywords.Select(k => new KeyValuePair<string, TemplateValue>(k.Name, Evaluate(k.Value, scope))).ToList());
    }

    public static TemplateValue Call(TemplateValue callee, CallArguments args) => callee switch
    {
        CallableValue c => c.Invoke(args),
        UndefinedValue u => throw new TemplateRuntimeException(u.Hint),
        _ => throw new TemplateRuntimeException($"'{callee.TypeName}' object is not callable"),
    };
}
