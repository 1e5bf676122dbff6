using System.Globalization;

namespace Inference.Engine.Templates;

/// <summary>Expression grammar, in Jinja's precedence order: conditional, or, and, not, comparisons, + -, ~,
/// * / // %, **, unary, then primaries with postfix access, calls, filters and tests.</summary>
internal sealed partial class TemplateParser
{
    private bool IsTupleEnd(string? extraEnd) =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.Eof
        || Current.IsOperator(")") || (extraEnd is not null && Current.IsName(extraEnd));

    private Expr ParseTuple(bool withCondition, bool explicitParentheses, string? extraEnd = null)
    {
        var items = new List<Expr>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0) Expect(TokenKind.Operator, ",");
            if (IsTupleEnd(extraEnd)) break;
            items.Add(ParseExpression(withCondition));
            if (Current.IsOperator(",")) isTuple = true;
            else break;
        }
        if (!isTuple)
        {
            if (items.Count > 0) return items[0];
            if (!explicitParentheses) throw Error($"Expected an expression, got {Describe(Current)}");
        }
        return new ListExpr(items, IsTuple: true);
    }

    private Expr ParseExpression(bool withCondition)
    {
        if (++_nesting > MaxNesting) throw Error("expression nested too deeply");
        try
        {
            return withCondition ? ParseConditional() : ParseOr();
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr ParseConditional()
    {
        var expr = ParseOr();
        while (SkipName("if"))
        {
            var test = ParseOr();
            Expr? otherwise = SkipName("else") ? ParseConditional() : null;
            expr = new ConditionalExpr(test, expr, otherwise);
        }
        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (SkipName("or")) left = new LogicalExpr(false, left, ParseAnd());
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (SkipName("and")) left = new LogicalExpr(true, left, ParseNot());
        return left;
    }

    private Expr ParseNot()
    {
        if (SkipName("not"))
        {
            if (++_nesting > MaxNesting) throw Error("expression nested too deeply");
            try { return new UnaryExpr("not", ParseNot()); }
            finally { _nesting--; }
        }
        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        var first = ParseMath1();
        var rest = new List<(string, Expr)>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOperators.Contains(Current.Text))
            {
                var op = Next().Text;
                rest.Add((op, ParseMath1()));
            }
            else if (SkipName("in")) rest.Add(("in", ParseMath1()));
            else if (Current.IsName("not") && Peek.IsName("in"))
            {
                _index += 2;
                rest.Add(("notin", ParseMath1()));
            }
            else break;
        }
        return rest.Count == 0 ? first : new CompareExpr(first, rest);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var op = Next().Text;
            left = new BinaryExpr(op, left, ParseConcat());
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (SkipOperator("~")) left = new BinaryExpr("~", left, ParseMath2());
        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.IsOperator("*") || Current.IsOperator("/") || Current.IsOperator("//") || Current.IsOperator("%"))
        {
            var op = Next().Text;
            left = new BinaryExpr(op, left, ParsePow());
        }
        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (SkipOperator("**")) left = new BinaryExpr("**", left, ParseUnary(withFilter: true));
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        if (++_nesting > MaxNesting) throw Error("expression nested too deeply");
        try
        {
            Expr node;
            if (SkipOperator("-")) node = new UnaryExpr("-", ParseUnary(withFilter: false));
            else if (SkipOperator("+")) node = new UnaryExpr("+", ParseUnary(withFilter: false));
            else node = ParsePostfix(ParsePrimary());
            return withFilter ? ParseFilterExpr(node) : node;
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Name:
                _index++;
                return t.Text switch
                {
                    "true" or "True" => new LiteralExpr(BooleanValue.True),
                    "false" or "False" => new LiteralExpr(BooleanValue.False),
                    "none" or "None" => new LiteralExpr(NoneValue.Instance),
                    _ => new NameExpr(t.Text),
                };
            case TokenKind.String:
                var text = Next().Text;
                while (Current.Kind == TokenKind.String) text += Next().Text;
                return new LiteralExpr(new StringValue(text));
            case TokenKind.Integer:
                _index++;
                if (!long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                    throw Error("integer literal too large", t);
                return new LiteralExpr(new IntegerValue(l));
            case TokenKind.Float:
                _index++;
                return new LiteralExpr(new FloatValue(double.Parse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture)));
            case TokenKind.Operator when t.Text == "(":
                _index++;
                var inner = ParseTuple(withCondition: true, explicitParentheses: true);
                Expect(TokenKind.Operator, ")");
                return inner;
            case TokenKind.Operator when t.Text == "[":
                _index++;
                var items = new List<Expr>();
                while (!Current.IsOperator("]"))
                {
                    if (items.Count > 0) Expect(TokenKind.Operator, ",");
                    if (Current.IsOperator("]")) break;
                    items.Add(ParseExpression(withCondition: true));
                }
                Expect(TokenKind.Operator, "]");
                return new ListExpr(items, IsTuple: false);
            case TokenKind.Operator when t.Text == "{":
                _index++;
                var entries = new List<(Expr, Expr)>();
                while (!Current.IsOperator("}"))
                {
                    if (entries.Count > 0) Expect(TokenKind.Operator, ",");
                    if (Current.IsOperator("}")) break;
                    var key = ParseExpression(withCondition: true);
                    Expect(TokenKind.Operator, ":");
                    entries.Add((key, ParseExpression(withCondition: true)));
                }
                Expect(TokenKind.Operator, "}");
                return new DictExpr(entries);
            default:
                throw Error($"unexpected {Describe(t)}");
        }
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator(".") || Current.IsOperator("[")) node = ParseSubscript(node);
            else if (Current.IsOperator("(")) node = new CallExpr(node, ParseCallArguments());
            else return node;
        }
    }

    private Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator("|")) node = ParseFilter(node);
            else if (Current.IsName("is")) node = ParseTest(node);
            else if (Current.IsOperator("(")) node = new CallExpr(node, ParseCallArguments());
            else return node;
        }
    }

    private Expr ParseSubscript(Expr node)
    {
        if (SkipOperator("."))
        {
            var t = Next();
            if (t.Kind == TokenKind.Name) return new AttributeExpr(node, t.Text);
            if (t.Kind == TokenKind.Integer) return new IndexExpr(node, new LiteralExpr(new IntegerValue(long.Parse(t.Text, CultureInfo.InvariantCulture))));
            throw Error("expected name or number", t);
        }
        Expect(TokenKind.Operator, "[");
        var args = new List<Expr>();
        while (!Current.IsOperator("]"))
        {
            if (args.Count > 0) Expect(TokenKind.Operator, ",");
            args.Add(ParseSubscribed(node, out var slice));
            if (slice is not null)
            {
                Expect(TokenKind.Operator, "]");
                return slice;
            }
        }
        Expect(TokenKind.Operator, "]");
        if (args.Count == 0) throw Error("expected a subscript");
        return new IndexExpr(node, args.Count == 1 ? args[0] : new ListExpr(args, IsTuple: true));
    }

    private Expr ParseSubscribed(Expr target, out SliceExpr? slice)
    {
        slice = null;
        Expr? start = null;
        if (!Current.IsOperator(":"))
        {
            start = ParseExpression(withCondition: true);
            if (!Current.IsOperator(":")) return start;
        }
        Expect(TokenKind.Operator, ":");
        Expr? stop = null, step = null;
        if (!Current.IsOperator("]") && !Current.IsOperator(",") && !Current.IsOperator(":")) stop = ParseExpression(withCondition: true);
        if (SkipOperator(":") && !Current.IsOperator("]") && !Current.IsOperator(",")) step = ParseExpression(withCondition: true);
        slice = new SliceExpr(target, start, stop, step);
        return slice;
    }

    private Arguments ParseCallArguments()
    {
        Expect(TokenKind.Operator, "(");
        var positional = new List<Expr>();
        var keywords = new List<(string, Expr)>();
        while (!Current.IsOperator(")"))
        {
            if (positional.Count + keywords.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(")")) break;
            }
            if (Current.IsOperator("*") || Current.IsOperator("**")) throw Error("*args and **kwargs calls are not supported");
            if (Current.Kind == TokenKind.Name && Peek.IsOperator("="))
            {
                var name = ExpectName();
                _index++;
                keywords.Add((name, ParseExpression(withCondition: true)));
            }
            else
            {
                if (keywords.Count > 0) throw Error("positional argument follows keyword argument");
                positional.Add(ParseExpression(withCondition: true));
            }
        }
        Expect(TokenKind.Operator, ")");
        return new Arguments(positional, keywords);
    }

    private string ParseDottedName()
    {
        var name = ExpectName();
        while (Current.IsOperator(".") && Peek.Kind == TokenKind.Name)
        {
            _index++;
            name += "." + ExpectName();
        }
        return name;
    }

    private Expr ParseFilter(Expr node)
    {
        var position = Expect(TokenKind.Operator, "|").Position;
        var name = ParseDottedName();
        var args = Current.IsOperator("(") ? ParseCallArguments() : Arguments.Empty;
        return new FilterExpr(node, name, args, position);
    }

    private Expr ParseTest(Expr node)
    {
        var position = Expect(TokenKind.Name, "is").Position;
        var negated = SkipName("not");
        var name = ParseDottedName();
        Arguments args;
        if (Current.IsOperator("(")) args = ParseCallArguments();
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || Current.IsOperator("[") || Current.IsOperator("{"))
                 && !Current.IsName("else") && !Current.IsName("or") && !Current.IsName("and"))
        {
            if (Current.IsName("is")) throw Error("You cannot chain multiple tests with is");
            args = new Arguments([ParsePostfix(ParsePrimary())], []);
        }
        else args = Arguments.Empty;
        return new TestExpr(node, name, args, negated, position);
    }
}
