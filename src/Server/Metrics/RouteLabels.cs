using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace Inference.Server.Metrics;

/// <summary>
/// The route a request is counted and logged under: the template of the endpoint routing matched ("/v1/models/{id}"),
/// for rejected requests too; when routing answered with an endpoint of its own (405 for a wrong method, 415 for a
/// body that is not JSON) the template of the route the path belongs to; <see cref="Unmatched"/> for paths no route
/// knows, so that scanners probing random paths cannot grow the label set.
/// </summary>
public sealed class RouteLabels(EndpointDataSource endpoints)
{
    public const string Unmatched = "unmatched";

    private IReadOnlyList<(string Label, TemplateMatcher Matcher)>? routes;

    /// <param name="matched">The endpoint as routing set it, read before the exception handler clears it.</param>
    public string Of(PathString path, Endpoint? matched)
    {
        return matched is RouteEndpoint route ? Label(route.RoutePattern) : RouteOf(path);
    }

    private string RouteOf(PathString path)
    {
        routes ??= endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Label(e.RoutePattern), new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary())))
            .DistinctBy(r => r.Item1)
            .ToList();
        foreach (var (label, matcher) in routes)
            if (matcher.TryMatch(path, new RouteValueDictionary())) return label;
        return Unmatched;
    }

    /// <summary>The raw template without a trailing slash: "/v1/models", not "/v1/models/".</summary>
    private static string Label(RoutePattern pattern)
    {
        var text = pattern.RawText ?? "/";
        if (!text.StartsWith('/')) text = "/" + text;
        return text.Length > 1 ? text.TrimEnd('/') : text;
    }
}
