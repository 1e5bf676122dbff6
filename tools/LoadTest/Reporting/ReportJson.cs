using System.Text.Json;

namespace Inference.LoadTest.Reporting;

/// <summary>The JSON form of reports: snake_case, indented, nulls kept so every field is always present.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
