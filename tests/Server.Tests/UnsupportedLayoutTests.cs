using System.Net;
using Inference.Server.Hosting;
using Inference.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Inference.Server.Tests;

/// <summary>
/// An export the engine cannot drive is refused at load with a message naming what is wrong, which readiness and
/// every request report, as docs/serving-your-own-model.md shows. The case is an older Optimum merged decoder
/// (decoder_model_merged.onnx with a use_cache_branch input), made here from the tiny Llama fixture by adding that
/// input to its graph.
/// </summary>
public sealed class UnsupportedLayoutTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("merged-decoder-");

    [Fact]
    public async Task A_merged_decoder_with_use_cache_branch_is_refused_with_the_documented_message()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-llama", "fp32");
        foreach (var file in new[] { "config.json", "tokenizer.json", "tokenizer_config.json" })
            File.Copy(Path.Combine(fixture, file), Path.Combine(folder.FullName, file));
        var model = OnnxGraphInputs.Add(File.ReadAllBytes(Path.Combine(fixture, "model.onnx")), "use_cache_branch", OnnxGraphInputs.Bool, [1]);
        var decoder = Path.Combine(folder.FullName, "decoder_model_merged.onnx");
        File.WriteAllBytes(decoder, model);

        await using var app = InferenceServerApp.Build(["--model", $"merged={folder.FullName}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Inference.Server.Models=None"], builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        using var http = app.GetTestClient();
        Api.Reply ready = null!;
        await Eventually.TrueAsync(async () => (ready = await http.GetJsonAsync("health/ready")).Json?["status"]?.GetValue<string>() == "failed",
            "the model failing to load");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);

        var expected = $"{decoder}: {Documented()}";
        Assert.Equal(expected, ready.Json!["models"]![0]!["error"]!.GetValue<string>());
        var chat = await http.PostAsync("v1/chat/completions", """{"model":"merged","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.Status);
        Assert.Equal("model_load_failed", chat.ErrorCode);
        Assert.Equal($"The model 'merged' failed to load: {expected}", chat.ErrorMessage);
        await app.StopAsync();
    }

    /// <summary>The message as docs/serving-your-own-model.md quotes it, after the file's path.</summary>
    private static string Documented()
    {
        var docs = File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot, "docs", "serving-your-own-model.md"));
        var m = System.Text.RegularExpressions.Regex.Match(docs, @"decoder_model_merged\.onnx: (?<message>unsupported decoder input\(s\) use_cache_branch[^\n]*\.)");
        Assert.True(m.Success, "docs/serving-your-own-model.md no longer quotes the use_cache_branch message");
        return m.Groups["message"].Value;
    }

    public void Dispose() => folder.Delete(recursive: true);
}

/// <summary>Adds a graph input to a serialized ONNX model without an ONNX library: protobuf lets a repeated field
/// (GraphProto.input, field 11) appear again anywhere, so the new ValueInfoProto is appended to the graph's bytes
/// and the graph's length prefix in the ModelProto (field 7) is rewritten.</summary>
internal static class OnnxGraphInputs
{
    public const int Bool = 9;

    public static byte[] Add(byte[] model, string name, int elementType, long[] dims)
    {
        var (start, length, headerStart) = FindField(model, 7);
        var dimensions = dims.Aggregate(Array.Empty<byte>(), (acc, d) => [.. acc, .. Field(1, Field(1, Varint((ulong)d), wireType: 0))]);
        var tensorType = Field(1, [.. Field(1, Varint((ulong)elementType), wireType: 0), .. Field(2, dimensions)]);
        var valueInfo = Field(11, [.. Field(1, System.Text.Encoding.UTF8.GetBytes(name)), .. Field(2, tensorType)]);
        byte[] graph = [.. model.AsSpan(start, length), .. valueInfo];
        return [.. model.AsSpan(0, headerStart), .. Field(7, graph), .. model.AsSpan(start + length)];
    }

    /// <summary>The payload position, payload length and tag position of the first length-delimited field <paramref name="number"/>.</summary>
    private static (int Start, int Length, int HeaderStart) FindField(byte[] message, int number)
    {
        var position = 0;
        while (position < message.Length)
        {
            var header = position;
            var key = ReadVarint(message, ref position);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0: ReadVarint(message, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    if (field == number) return (position, length, header);
                    position += length;
                    break;
                default: throw new InvalidDataException($"unexpected wire type {wire}");
            }
        }
        throw new InvalidDataException($"field {number} not found");
    }

    private static ulong ReadVarint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static byte[] Field(int number, byte[] payload, int wireType = 2) =>
        wireType == 0 ? [.. Varint((ulong)(number << 3)), .. payload] : [.. Varint((ulong)(number << 3 | 2)), .. Varint((ulong)payload.Length), .. payload];
}
