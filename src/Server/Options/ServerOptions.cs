using System.ComponentModel.DataAnnotations;

namespace Inference.Server.Options;

/// <summary>Where Kestrel listens and how the server stops (section "Server").</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8000;

    /// <summary>How long shutdown waits for in-flight requests before cancelling them.</summary>
    [Range(0, 3600)]
    public double DrainTimeoutSeconds { get; set; } = 30;

    /// <summary>Serve the playground page at / (static files embedded in the server; they call the API like any client).</summary>
    public bool Playground { get; set; } = true;

    /// <summary>After this many seconds without a request in flight, memory allocated since the last such pause is
    /// collected and returned to the OS (one aggressive GC); 0 turns it off.</summary>
    [Range(0, 86_400)]
    public double TrimMemoryAfterIdleSeconds { get; set; } = 5;

    /// <summary>Origins allowed by CORS; empty (the default) leaves CORS off.</summary>
    public List<string> CorsOrigins { get; set; } = [];
}
