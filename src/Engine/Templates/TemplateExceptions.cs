namespace Inference.Engine.Templates;

/// <summary>Base of every error the template engine reports; nothing else escapes a render.</summary>
public abstract class TemplateException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The template source is not valid Jinja (or uses a construct this engine does not support).</summary>
public sealed class TemplateSyntaxException(string message, int line, int column)
    : TemplateException($"{message} (line {line}, column {column})")
{
    public string Reason { get; } = message;
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>The template called <c>raise_exception(message)</c>: the caller's input is unacceptable (HTTP 400).</summary>
public sealed class TemplateRaisedException(string message) : TemplateException(message);

/// <summary>A type or undefined-value error while rendering, the equivalent of Jinja's TypeError/UndefinedError.
/// <see cref="Line"/> and <see cref="Column"/> locate the innermost statement that failed, when known.</summary>
public sealed class TemplateRuntimeException : TemplateException
{
    public TemplateRuntimeException(string message) : base(message) => Reason = message;

    private TemplateRuntimeException(string reason, int line, int column)
        : base($"{reason} (line {line}, column {column})")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    public string Reason { get; }
    public int? Line { get; }
    public int? Column { get; }

    internal TemplateRuntimeException At(int line, int column) => new(Reason, line, column);
}

/// <summary>A configured sandbox limit (loop iterations, output size, call depth) was exceeded.</summary>
public sealed class TemplateLimitException(string message) : TemplateException(message);
