using System;
using System.Buffers;
using System.Net.Http;

namespace Neo4jAura.Client;

/// <summary>One HTTP answer, its body read into memory (bounded). Dispose zeroes the body (it may hold a one-time password).</summary>
internal sealed class AuraHttpOutcome : IDisposable
{
    public AuraHttpOutcome(string method, string path, int status, string? reasonPhrase, string? contentType, TimeSpan? retryAfter, AuraBodyBuffer body)
    {
        Method = method;
        Path = path;
        Status = status;
        ReasonPhrase = reasonPhrase;
        ContentType = contentType;
        RetryAfter = retryAfter;
        Body = body;
    }

    public string Method { get; }
    public string Path { get; }
    public int Status { get; }
    public string? ReasonPhrase { get; }
    /// <summary>The media type (no parameters), e.g. application/json.</summary>
    public string? ContentType { get; }
    public TimeSpan? RetryAfter { get; }
    public AuraBodyBuffer Body { get; }
    /// <summary>X-Request-Id: what Aura support asks for.</summary>
    public string? RequestId { get; init; }
    /// <summary>Location of a redirect.</summary>
    public Uri? Location { get; init; }
    public bool IsSuccess => Status >= 200 && Status <= 299;

    public void Dispose() => Body.Dispose();
}

/// <summary>
/// A growable byte buffer on arrays rented from <see cref="ArrayPool{T}.Shared"/> (a list of thousands of instances
/// is megabytes: a fresh array each time would land on the large-object heap and cost a full collection every few
/// calls). Every array is zeroed before it goes back to the pool, so no answer (one may hold a one-time password)
/// outlives its use; after Dispose the buffer is empty.
/// </summary>
internal sealed class AuraBodyBuffer : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public AuraBodyBuffer(int initialCapacity = 0)
    {
        _buffer = initialCapacity > 0 ? ArrayPool<byte>.Shared.Rent(initialCapacity) : Array.Empty<byte>();
    }

    public static AuraBodyBuffer From(byte[] bytes)
    {
        var b = new AuraBodyBuffer(bytes.Length);
        b.Append(bytes, 0, bytes.Length);
        return b;
    }

    public int Length => _length;
    /// <summary>Bytes the buffer holds without growing (a rented array can be larger than asked for).</summary>
    public int Capacity => _buffer.Length;
    /// <summary>The bytes; only a span, never kept: the array goes back to the pool on Dispose.</summary>
    public ReadOnlySpan<byte> Span => new(_buffer, 0, _length);

    /// <summary>Room for at least <paramref name="count"/> more bytes; returns the array and offset to write into.</summary>
    public ArraySegment<byte> GetWriteSegment(int count)
    {
        Ensure(_length + count);
        return new ArraySegment<byte>(_buffer, _length, _buffer.Length - _length);
    }

    public void Advance(int count) => _length += count;

    public void Append(byte[] source, int offset, int count)
    {
        Ensure(_length + count);
        Buffer.BlockCopy(source, offset, _buffer, _length, count);
        _length += count;
    }

    private void Ensure(int needed)
    {
        if (needed <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, _buffer.Length * 2)));
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
        Release(_buffer, _length);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        var length = _length;
        _buffer = Array.Empty<byte>();
        _length = 0;
        Release(buffer, length);
    }

    /// <summary>Zeroes what was written and gives the array back (arrays from the pool only).</summary>
    private static void Release(byte[] buffer, int written)
    {
        if (buffer.Length == 0) return;
        Array.Clear(buffer, 0, written);
        ArrayPool<byte>.Shared.Return(buffer);
    }
}

/// <summary>No answer came for one attempt: the connection failed or dropped, or the attempt timed out.</summary>
internal sealed class AuraTransportException : Exception
{
    public AuraTransportException(string method, string path, Exception inner, bool timedOut)
        : base(timedOut ? $"{method} {path}: no answer in time" : $"{method} {path}: {inner.Message}", inner)
    {
        Method = method;
        Path = path;
        TimedOut = timedOut;
    }

    public string Method { get; }
    public string Path { get; }
    public bool TimedOut { get; }

    /// <summary>The TLS handshake failed (an untrusted or wrong certificate): trying again cannot help.</summary>
    public bool IsCertificateFailure => Find<System.Security.Authentication.AuthenticationException>() is not null;

    /// <summary>The host name did not resolve: trying again at once cannot help.</summary>
    public bool IsNameResolutionFailure
        => Find<System.Net.Sockets.SocketException>() is { } s
           && (s.SocketErrorCode == System.Net.Sockets.SocketError.HostNotFound || s.SocketErrorCode == System.Net.Sockets.SocketError.NoData
               || s.SocketErrorCode == System.Net.Sockets.SocketError.TryAgain);

    /// <summary>Nothing listens at the address (connection refused).</summary>
    public bool IsConnectionRefused
        => Find<System.Net.Sockets.SocketException>() is { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };

    private TException? Find<TException>() where TException : Exception
    {
        for (var e = InnerException; e is not null; e = e.InnerException)
        {
            if (e is TException found) return found;
        }
        return null;
    }
}

/// <summary>What one logical request needs across its attempts.</summary>
internal sealed class AuraCall
{
    public AuraCall(AuraTransport transport, HttpMethod method, string path, string url, byte[]? body, string? bodyContentType, bool idempotent)
    {
        Transport = transport;
        Method = method;
        MethodName = method.Method.ToUpperInvariant();
        Path = path;
        Url = url;
        Body = body;
        BodyContentType = bodyContentType;
        Idempotent = idempotent;
    }

    public AuraTransport Transport { get; }
    public HttpMethod Method { get; }
    public string MethodName { get; }
    /// <summary>The path relative to the API root (what messages show).</summary>
    public string Path { get; }
    /// <summary>Where the request goes (a followed 308 changes it).</summary>
    public string Url { get; set; }
    public byte[]? Body { get; }
    public string? BodyContentType { get; }
    public bool Idempotent { get; }
    public bool IsTokenRequest { get; set; }
    /// <summary>Attempts made so far (pacing and token waits included).</summary>
    public int Attempts { get; set; }
    /// <summary>True once a 401/403 has made this request renew its token and try again.</summary>
    public bool AuthRetried { get; set; }
    /// <summary>308 redirects followed so far.</summary>
    public int Redirects { get; set; }
}
