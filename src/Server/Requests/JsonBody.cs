using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inference.Server.Errors;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Inference.Server.Requests;

/// <summary>
/// A JSON request body as an endpoint parameter (minimal APIs bind it through <see cref="BindAsync"/>), read the one
/// way every JSON route reads its body: the Content-Type is checked (<see cref="JsonMediaType"/>), the body is copied
/// into pooled pipe segments (Kestrel has already bounded its size by Limits:MaxBodyBytes, 413 beyond), its text is
/// checked (<see cref="RequestText"/>), and it is deserialized from those segments without a contiguous copy; the
/// segments go back to the pool before the handler runs. Every refusal is an <see cref="ApiException"/> or a
/// <see cref="JsonException"/>, which the error mapping turns into a 4xx.
/// </summary>
public sealed class JsonBody<T> where T : class
{
    private static readonly PipeOptions Buffering = new(
        pool: MemoryPool<byte>.Shared,
        // No back-pressure: the whole body is wanted, and Kestrel already refuses one above the configured limit.
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

    private JsonBody(T value) => Value = value;

    public T Value { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        JsonMediaType.Ensure(context.Request.ContentType);
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var pipe = new Pipe(Buffering);
        try
        {
            await context.Request.BodyReader.CopyToAsync(pipe.Writer, context.RequestAborted);
            await pipe.Writer.CompleteAsync();
            var read = await pipe.Reader.ReadAsync(context.RequestAborted);
            try
            {
                return new JsonBody<T>(Parse(read.Buffer, options, typeInfo));
            }
            finally
            {
                pipe.Reader.AdvanceTo(read.Buffer.End);
            }
        }
        finally
        {
            await pipe.Writer.CompleteAsync();
            await pipe.Reader.CompleteAsync();
        }
    }

    private static T Parse(ReadOnlySequence<byte> body, JsonSerializerOptions options, JsonTypeInfo<T> typeInfo)
    {
        body = WithoutByteOrderMark(body);
        if (body.IsEmpty)
            throw new ApiException(400, ErrorTypes.InvalidRequest, "The request body is empty; send a JSON object.", null, "invalid_json");
        var readerOptions = new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling,
            MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth,
        };
        RequestText.Validate(body, readerOptions);
        var reader = new Utf8JsonReader(body, readerOptions);
        return JsonSerializer.Deserialize(ref reader, typeInfo)
               ?? throw new ApiException(400, ErrorTypes.InvalidRequest, "The request body must be a JSON object, not null.", null, "invalid_json");
    }

    private static ReadOnlySequence<byte> WithoutByteOrderMark(ReadOnlySequence<byte> body)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (body.Length < bom.Length) return body;
        Span<byte> start = stackalloc byte[3];
        body.Slice(0, 3).CopyTo(start);
        return start.SequenceEqual(bom) ? body.Slice(3) : body;
    }
}
