using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Inference.Server.Playground;

/// <summary>
/// The playground: a static page (Playground/site, embedded in this assembly, no build step) served at / with its
/// assets under /playground/. It is a client of the public API like any other: it holds no secret, so it is served
/// before the API-key check (the user types the key into the page), and every call it makes carries the key itself.
/// A strict Content-Security-Policy allows only this server's own scripts, styles and API; model output is never
/// parsed as HTML by the page, and the policy would block an injected script if it ever were.
/// </summary>
public static class PlaygroundPage
{
    public const string AssetPath = "/playground";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication UsePlayground(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(PlaygroundPage).Assembly, "playground");
        app.Use((context, next) =>
        {
            // The page lives at / (its links are relative to it, so a path base in front of the server keeps working).
            if (context.Request.Path == "/" && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
                context.Request.Path = AssetPath + "/index.html";
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = AssetPath,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
