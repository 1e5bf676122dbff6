using System.Security.Cryptography;
using System.Text;
using Inference.Server.Errors;
using Inference.Server.Options;
using Microsoft.Extensions.Options;

namespace Inference.Server.Security;

/// <summary>
/// When API keys are configured, every route except /health/*, /metrics and /openapi/* needs "Authorization: Bearer
/// &lt;key&gt;". Keys are kept only as SHA-256 hashes and compared in constant time; they are never logged.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<AuthOptions> options)
{
    private readonly byte[][] keyHashes = options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (keyHashes.Length == 0 || IsOpen(context.Request.Path)) return next(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return ErrorWriter.WriteAsync(context, Unauthorized("Missing API key: send 'Authorization: Bearer <key>'.", "missing_api_key"));
        return Matches(header["Bearer ".Length..].Trim())
            ? next(context)
            : ErrorWriter.WriteAsync(context, Unauthorized("Incorrect API key provided.", "invalid_api_key"));
    }

    private bool Matches(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in keyHashes) match |= CryptographicOperations.FixedTimeEquals(hash, key);
        return match;
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi");

    private static ApiException Unauthorized(string message, string code) => new(401, ErrorTypes.InvalidRequest, message, null, code);
}
