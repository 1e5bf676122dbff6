namespace Inference.Server.Options;

/// <summary>Section "Backends": backends by name (<see cref="BackendOptions"/>).</summary>
public sealed class BackendsOptions : Dictionary<string, BackendOptions>
{
    public const string Section = "Backends";

    public BackendsOptions() : base(StringComparer.Ordinal)
    {
    }
}
