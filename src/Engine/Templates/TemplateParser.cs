namespace Inference.Engine.Templates;

/// <summary>Recursive-descent parser following Jinja2's grammar and operator precedence (jinja2/parser.py).</summary>
internal sealed partial class TemplateParser
{
    private const int MaxNesting = 200;
    private static readonly HashSet<string> CompareOperators = ["==", "!=", "<", ">", "<=", ">="];

    private readonly List<Token> _tokens;
    private readonly SourcePosition _positions;
    private readonly Dictionary<Stmt, (int Line, int Column)> _locations = new(ReferenceEqualityComparer.Instance);
    private int _index;
    private int _nesting;

    private TemplateParser(List<Token> tokens, SourcePosition positions)
    {
        _tokens = tokens;
        _positions = positions;
    }

    public static ParsedTemplate Parse(string normalizedSource, List<Token> tokens)
    {
        var parser = new TemplateParser(tokens, new SourcePosition(normalizedSource));
        var (body, end) = parser.ParseBody([]);
        if (end is not null) throw parser.Error($"Encountered unknown tag '{end}'.");
        new TemplateValidator(parser._positions).Check(body);
        return new ParsedTemplate(body, parser._locations);
    }

    private T Located<T>(T stmt, Token at) where T : Stmt
    {
        _locations[stmt] = _positions.Locate(at.Position);
        return stmt;
    }

    private Token Current => _tokens[_index];
    private Token Peek => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];
    private Token Next() => _tokens[_index++];

    private TemplateSyntaxException Error(string message, Token? at = null)
    {
        var (line, col) = _positions.Locate((at ?? Current).Position);
        return new TemplateSyntaxException(message, line, col);
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.Eof => "end of template",
        TokenKind.String => "string",
        _ => $"'{t.Text}'",
    };

    private Token Expect(TokenKind kind, string? text = null)
    {
        var t = Current;
        if (t.Kind != kind || (text is not null && t.Text != text))
            throw Error($"expected '{text ?? kind.ToString()}', got {Describe(t)}");
        _index++;
        return t;
    }

    private string ExpectName() => Expect(TokenKind.Name).Text;
    private bool SkipOperator(string op) { if (!Current.IsOperator(op)) return false; _index++; return true; }
    private bool SkipName(string name) { if (!Current.IsName(name)) return false; _index++; return true; }

    // ---- statements ----

    /// <summary>Parses statements until a block tag named in <paramref name="endTags"/>; returns that tag's name (the tag's
    /// remaining tokens are left for the caller), or null at end of input.</summary>
    private (List<Stmt> Body, string? EndTag) ParseBody(IReadOnlyCollection<string> endTags)
    {
        var body = new List<Stmt>();
        while (true)
        {
            var t = Current;
            switch (t.Kind)
            {
                case TokenKind.Eof:
                    if (endTags.Count > 0) throw Error($"Unexpected end of template. Jinja was looking for: {string.Join(", ", endTags.Select(e => $"'{e}'"))}.");
                    return (body, null);
                case TokenKind.Data:
                    _index++;
                    body.Add(new DataStmt(t.Text));
                    break;
                case TokenKind.VariableBegin:
                    _index++;
                    body.Add(Located(new PrintStmt(ParseTuple(withCondition: true, explicitParentheses: false)), t));
                    Expect(TokenKind.VariableEnd);
                    break;
                case TokenKind.BlockBegin:
                    _index++;
                    var tag = Current;
                    if (tag.Kind != TokenKind.Name) throw Error("tag name expected");
                    if (endTags.Contains(tag.Text))
                    {
                        _index++;
                        return (body, tag.Text);
                    }
                    _index++;
                    body.Add(Located(ParseStatement(tag), t));
                    break;
                default:
                    throw Error($"unexpected {Describe(t)}");
            }
        }
    }

    private Stmt ParseStatement(Token tag)
    {
        if (++_nesting > MaxNesting) throw Error("blocks nested too deeply", tag);
        try
        {
            return ParseTag(tag);
        }
        finally
        {
            _nesting--;
        }
    }

    private Stmt ParseTag(Token tag)
    {
        switch (tag.Text)
        {
            case "if": return ParseIf();
            case "for": return ParseFor();
            case "set": return ParseSet();
            case "macro": return ParseMacro();
            case "break": Expect(TokenKind.BlockEnd); return new BreakStmt();
            case "continue": Expect(TokenKind.BlockEnd); return new ContinueStmt();
            case "generation":
                // transformers' AssistantTracker extension: only marks assistant spans, renders its body unchanged.
                Expect(TokenKind.BlockEnd);
                var (body, _) = ParseBody(["endgeneration"]);
                Expect(TokenKind.BlockEnd);
                return new BlockStmt(body);
            case "call": return ParseCallBlock();
            case "filter": return ParseFilterBlock();
            case "with": return ParseWith();
            case "include" or "import" or "from" or "extends" or "block":
                throw Error($"'{tag.Text}' is not supported: chat templates are rendered without access to other templates", tag);
            default:
                throw Error($"Encountered unknown tag '{tag.Text}'.", tag);
        }
    }

    private Stmt ParseIf()
    {
        var branches = new List<(Expr, IReadOnlyList<Stmt>)>();
        var condition = ParseTuple(withCondition: false, explicitParentheses: false);
        while (true)
        {
            Expect(TokenKind.BlockEnd);
            var (body, end) = ParseBody(["elif", "else", "endif"]);
            branches.Add((condition, body));
            switch (end)
            {
                case "elif":
                    condition = ParseTuple(withCondition: false, explicitParentheses: false);
                    continue;
                case "else":
                    Expect(TokenKind.BlockEnd);
                    var (elseBody, _) = ParseBody(["endif"]);
                    Expect(TokenKind.BlockEnd);
                    return new IfStmt(branches, elseBody);
                default:
                    Expect(TokenKind.BlockEnd);
                    return new IfStmt(branches, null);
            }
        }
    }

    private List<string> ParseAssignTargets()
    {
        var parenthesized = SkipOperator("(");
        var names = new List<string> { ExpectName() };
        while (SkipOperator(","))
        {
            if (Current.Kind != TokenKind.Name) break;
            names.Add(ExpectName());
        }
        if (parenthesized) Expect(TokenKind.Operator, ")");
        return names;
    }

    private Stmt ParseFor()
    {
        var targets = ParseAssignTargets();
        Expect(TokenKind.Name, "in");
        var iterable = ParseTuple(withCondition: false, explicitParentheses: false, extraEnd: "recursive");
        Expr? filter = null;
        if (SkipName("if")) filter = ParseExpression(withCondition: true);
        if (Current.IsName("recursive")) throw Error("recursive for loops are not supported");
        Expect(TokenKind.BlockEnd);
        var (body, end) = ParseBody(["endfor", "else"]);
        List<Stmt>? elseBody = null;
        if (end == "else")
        {
            Expect(TokenKind.BlockEnd);
            (elseBody, _) = ParseBody(["endfor"]);
        }
        Expect(TokenKind.BlockEnd);
        return new ForStmt(targets, iterable, filter, body, elseBody);
    }

    private Stmt ParseSet()
    {
        if (Current.Kind == TokenKind.Name && Peek.IsOperator("."))
        {
            var ns = ExpectName();
            Expect(TokenKind.Operator, ".");
            var attribute = ExpectName();
            Expect(TokenKind.Operator, "=");
            var value = ParseTuple(withCondition: true, explicitParentheses: false);
            Expect(TokenKind.BlockEnd);
            return new SetAttributeStmt(ns, attribute, value);
        }
        var targets = ParseAssignTargets();
        if (SkipOperator("="))
        {
            var value = ParseTuple(withCondition: true, explicitParentheses: false);
            Expect(TokenKind.BlockEnd);
            return new SetStmt(targets, value);
        }
        if (targets.Count != 1) throw Error("a block assignment takes exactly one name");
        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endset"]);
        Expect(TokenKind.BlockEnd);
        return new SetBlockStmt(targets[0], body);
    }

    private Stmt ParseMacro()
    {
        var name = ExpectName();
        Expect(TokenKind.Operator, "(");
        var parameters = new List<(string, Expr?)>();
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0) Expect(TokenKind.Operator, ",");
            if (Current.IsOperator(")")) break;
            var p = ExpectName();
            Expr? fallback = SkipOperator("=") ? ParseExpression(withCondition: true) : null;
            if (fallback is null && parameters.Count > 0 && parameters[^1].Item2 is not null)
                throw Error("non-default argument follows default argument");
            parameters.Add((p, fallback));
        }
        Expect(TokenKind.Operator, ")");
        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endmacro"]);
        if (Current.Kind == TokenKind.Name && Current.Text == name) _index++;
        Expect(TokenKind.BlockEnd);
        return new MacroStmt(name, parameters, body);
    }

    private Stmt ParseCallBlock()
    {
        if (Current.IsOperator("(")) throw Error("call blocks with caller arguments are not supported");
        if (ParseExpression(withCondition: false) is not CallExpr call) throw Error("expected call");
        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endcall"]);
        Expect(TokenKind.BlockEnd);
        return new CallBlockStmt(call, body);
    }

    private Stmt ParseFilterBlock()
    {
        var filters = new List<FilterExpr>();
        var position = Current.Position;
        var name = ParseDottedName();
        var args = Current.IsOperator("(") ? ParseCallArguments() : Arguments.Empty;
        filters.Add(new FilterExpr(new LiteralExpr(StringValue.Empty), name, args, position));
        while (Current.IsOperator("|"))
            filters.Add((FilterExpr)ParseFilter(new LiteralExpr(StringValue.Empty)));
        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endfilter"]);
        Expect(TokenKind.BlockEnd);
        return new FilterBlockStmt(filters, body);
    }

    private Stmt ParseWith()
    {
        var assignments = new List<(string, Expr)>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (assignments.Count > 0) Expect(TokenKind.Operator, ",");
            var name = ExpectName();
            Expect(TokenKind.Operator, "=");
            assignments.Add((name, ParseExpression(withCondition: true)));
        }
        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endwith"]);
        Expect(TokenKind.BlockEnd);
        return new WithStmt(assignments, body);
    }
}
