using System.Net;

namespace Inference.LoadTest.Running;

/// <summary>A load test may only hit this machine unless the user explicitly allows another host.</summary>
public static class TargetGuard
{
    /// <summary>The base URL to use; throws <see cref="ArgumentException"/> for a malformed or non-loopback URL.</summary>
    public static Uri Check(string url, bool allowRemote)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"--url '{url}' is not an absolute http(s) URL.");
        if (!allowRemote && !IsLoopback(uri))
            throw new ArgumentException($"--url '{url}' is not a loopback address; pass --allow-remote to load-test another host.");
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
