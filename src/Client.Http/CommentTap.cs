using System.Text;

namespace Inference.Client;

/// <summary>
/// A read-only pass-through over an event stream that reports each comment line (": text", which SSE parsers skip)
/// as it is read; a comment is reported no later than the event after it.
/// </summary>
internal sealed class CommentTap(Stream inner, IProgress<string> progress) : Stream
{
    private readonly List<byte> comment = [];
    private bool atLineStart = true;
    private bool inComment;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Observe(buffer.AsSpan(offset, read));
        return read;
    }

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                if (inComment) progress.Report(Encoding.UTF8.GetString([.. comment]).Trim());
                comment.Clear();
                inComment = false;
                atLineStart = true;
                continue;
            }
            if (atLineStart) inComment = b == (byte)':';
            else if (inComment) comment.Add(b);
            atLineStart = false;
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
