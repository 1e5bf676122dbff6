using System.Text.Json.Nodes;

namespace Inference.Pipeline.Sources;

/// <summary>
/// A chat completion request as the client sent it (JSON), from which a remote source builds its shard requests:
/// same messages and sampling fields, its own model name, n and seed. The test_time_scaling object is not sent
/// (selection runs here); its temperature schedule travels only to backends that understand it.
/// </summary>
public sealed record UpstreamRequest(JsonObject Body);
