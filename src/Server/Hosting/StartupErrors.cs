using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Inference.Server.Hosting;

/// <summary>
/// Start-up failures that are the user's to fix (a bad setting, a flag without its value, a model folder that does
/// not exist, a port already taken), as the one line Program prints on stderr before exiting with code 2. Anything
/// else is a bug and is reported in full.
/// </summary>
public static partial class StartupErrors
{
    public const int ExitCode = 2;

    /// <summary>The line to print for <paramref name="error"/>, or null when it is not a configuration problem.</summary>
    public static string? Describe(Exception error, IConfiguration? configuration)
    {
        switch (error)
        {
            case AggregateException aggregate when aggregate.InnerExceptions.All(e => Describe(e, configuration) is not null):
                return "Configuration error: " + string.Join("; ", aggregate.InnerExceptions.Select(e => Describe(e, configuration)!["Configuration error: ".Length..]));
            case OptionsValidationException validation:
                return "Configuration error: " + string.Join("; ", validation.Failures.Select(f => Rephrase(f, validation.OptionsType, configuration)));
            case InvalidOperationException { InnerException: OptionsValidationException inner }:
                return Describe(inner, configuration);
            case InvalidOperationException conversion when FailedConversion().Match(conversion.Message) is { Success: true } m:
                var key = m.Groups["key"].Value;
                var value = m.Groups["value"].Success ? m.Groups["value"].Value : configuration?[key];
                return $"Configuration error: {key} = '{value}' is not a valid {FriendlyType(m.Groups["type"].Value)}.";
            case ArgumentException:
                return $"Configuration error: {error.Message.Split('\n')[0].TrimEnd()} (--help lists the options)";
            case IOException { InnerException: AddressInUseException }:
                return $"Cannot start: {error.Message.TrimEnd('.')}. Stop the other server or choose another port (--port <port>, 0 picks a free one).";
            default:
                return null;
        }
    }

    /// <summary>"DataAnnotation validation failed for 'LimitsOptions' members: 'MaxN' with the error: 'The field MaxN must be
    /// between 1 and 4096.'." becomes "Limits:MaxN must be between 1 and 4096 (configured: -1)".</summary>
    private static string Rephrase(string failure, Type optionsType, IConfiguration? configuration)
    {
        var m = DataAnnotationFailure().Match(failure);
        if (!m.Success || optionsType.GetField("Section")?.GetValue(null) is not string section) return failure.TrimEnd('.');
        var member = m.Groups["member"].Value;
        var key = $"{section}:{member}";
        var message = m.Groups["error"].Value.TrimEnd('.').Replace($"The field {member} ", $"{key} ", StringComparison.Ordinal);
        if (!message.StartsWith(key, StringComparison.Ordinal)) message = $"{key}: {message}";
        return configuration?[key] is { } value ? $"{message} (configured: {value})" : message;
    }

    private static string FriendlyType(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "integer",
        "System.Double" => "number",
        "System.Boolean" => "boolean (true or false)",
        "System.TimeSpan" => "time span (hh:mm:ss)",
        _ => type,
    };

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']+' members: '(?<member>[^']+)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"^Failed to convert configuration value (?:'(?<value>.*)' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex FailedConversion();
}
