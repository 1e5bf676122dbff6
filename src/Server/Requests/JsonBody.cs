using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inference.Server.Errors;
using Inference.Server.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Inference.Server.Requests;

/// <summary>
/// A JSON request body as an endpoint parameter (minimal APIs bind it through <see cref="BindAsync"/>), read the one
/// way every JSON route reads its body: the Content-Type is checked (<see cref="JsonMediaType"/>), the body is copied
/// into pooled pipe segments up to Limits:MaxBodyBytes, its text is checked (<see cref="RequestText"/>), and it is
/// deserialized from those segments without a contiguous copy; the segments go back to the pool before the handler
/// runs. Every refusal is an <see cref="ApiException"/> or a <see cref="JsonException"/>, which the error mapping turns
/// into a 4xx.
/// A body over the limit is a 413. Kestrel would refuse it at the first read and close the connection while the
/// client is still sending, which the client often sees as a reset, not as the 413 (and SDKs retry resets). So the
/// limit is enforced here instead: the rest of the body is read and dropped, up to <see cref="DrainFactor"/> times the
/// limit, so that the client gets to read the answer.
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

    /// <summary>How much of an oversized body is read and dropped (times Limits:MaxBodyBytes) before the 413; beyond it
    /// the connection is closed.</summary>
    public const int DrainFactor = 4;

    private JsonBody(T value) => Value = value;

    public T Value { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        JsonMediaType.Ensure(context.Request.ContentType);
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var limit = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxBodyBytes;
        var pipe = new Pipe(Buffering);
        try
        {
            await CopyWithinLimitAsync(context, pipe.Writer, limit);
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

    /// <summary>Copies the body into <paramref name="destination"/>; past <paramref name="limit"/> bytes it reads on
    /// without keeping (up to <see cref="DrainFactor"/> times the limit) and then throws the 413.</summary>
    private static async Task CopyWithinLimitAsync(HttpContext context, PipeWriter destination, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
        if (context.Request.ContentLength > limit * DrainFactor) throw TooLarge(limit);
        var source = context.Request.BodyReader;
        long read = 0;
        while (true)
        {
            var result = await source.ReadAsync(context.RequestAborted);
            var buffer = result.Buffer;
            if (read + buffer.Length <= limit)
            {
                foreach (var segment in buffer) await destination.WriteAsync(segment, context.RequestAborted);
            }
            read += buffer.Length;
            source.AdvanceTo(buffer.End);
            if (read > limit * DrainFactor) throw TooLarge(limit);
            if (result.IsCompleted) Hosting.UnreadBodyMiddleware.MarkReadToEnd(context);
            if (result.IsCompleted && read > limit) throw TooLarge(limit);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    private static ApiException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorTypes.InvalidRequest,
            $"The request body is larger than {limit} bytes (Limits:MaxBodyBytes).", null, "request_too_large");

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
