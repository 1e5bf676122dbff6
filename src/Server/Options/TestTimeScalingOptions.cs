namespace Inference.Server.Options;

/// <summary>Server-side test-time scaling (section "TestTimeScaling"): per-model defaults and named aliases.</summary>
public sealed class TestTimeScalingServerOptions
{
    public const string Section = "TestTimeScaling";

    /// <summary>Defaults by served model id.</summary>
    public Dictionary<string, TestTimeScalingDefaults> Defaults { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Aliases by the name clients send as "model" (besides the built-in "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;" form).</summary>
    public Dictionary<string, ModelAliasOptions> Aliases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Milliseconds between SSE progress comments while a selection request samples.</summary>
    public int ProgressIntervalMilliseconds { get; set; } = 500;
}
