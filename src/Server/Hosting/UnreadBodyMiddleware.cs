using Inference.Server.Options;
using Microsoft.Extensions.Options;

namespace Inference.Server.Hosting;

/// <summary>
/// Announces "Connection: close" on a response whose request body will not be read to its end: a body larger than
/// Limits:MaxBodyBytes (or of unknown length) that no endpoint read, e.g. one refused for its route, method or media
/// type before reading. Kestrel closes such a connection after the response rather than drain a body past the limit;
/// said in the response, the client does not put the connection back in its pool, where its next request would meet
/// the closed socket. <see cref="Requests.JsonBody{T}"/> marks the bodies it has read to the end.
/// </summary>
public sealed class UnreadBodyMiddleware(RequestDelegate next, IOptions<LimitsOptions> limits)
{
    private static readonly object ReadToEnd = new();

    /// <summary>Records that the request body was read to its end (the connection can stay open).</summary>
    public static void MarkReadToEnd(HttpContext context) => context.Items[ReadToEnd] = true;

    public Task InvokeAsync(HttpContext context)
    {
        var length = context.Request.ContentLength;
        var mayStayUnread = length > limits.Value.MaxBodyBytes || (length is null && context.Request.Headers.TransferEncoding.Count > 0);
        if (mayStayUnread)
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                if (!http.Items.ContainsKey(ReadToEnd)) http.Response.Headers.Connection = "close";
                return Task.CompletedTask;
            }, context);
        }
        return next(context);
    }
}
