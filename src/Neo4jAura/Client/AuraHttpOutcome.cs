using System;
using System.IO;
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
    public bool IsSuccess => Status >= 200 && Status <= 299;

    public void Dispose() => Body.Dispose();
}

/// <summary>A growable byte buffer that zeroes every array it lets go of, with a size cap.</summary>
internal sealed class AuraBodyBuffer : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public AuraBodyBuffer(int initialCapacity = 0)
    {
        _buffer = initialCapacity > 0 ? new byte[initialCapacity] : Array.Empty<byte>();
    }

    public static AuraBodyBuffer From(byte[] bytes)
    {
        var b = new AuraBodyBuffer(bytes.Length);
        b.Append(bytes, 0, bytes.Length);
        return b;
    }

    public int Length => _length;
    /// <summary>Bytes the buffer holds without growing.</summary>
    public int Capacity => _buffer.Length;
    public ReadOnlySpan<byte> Span => new(_buffer, 0, _length);
    public ReadOnlyMemory<byte> Memory => new(_buffer, 0, _length);

    /// <summary>A read-only stream over the bytes (no copy).</summary>
    public Stream AsStream() => new MemoryStream(_buffer, 0, _length, writable: false);

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
        var size = Math.Max(needed, Math.Max(4096, _buffer.Length * 2));
        var bigger = new byte[size];
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
        Array.Clear(_buffer, 0, _buffer.Length);
        _buffer = bigger;
    }

    public void Dispose()
    {
        Array.Clear(_buffer, 0, _buffer.Length);
        _length = 0;
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
    public bool IsCertificateFailure
    {
        get
        {
            for (var e = InnerException; e is not null; e = e.InnerException)
            {
                if (e is System.Security.Authentication.AuthenticationException) return true;
            }
            return false;
        }
    }
}

/// <summary>What one logical request needs across its attempts.</summary>
internal sealed class AuraCall
{
    public AuraCall(AuraClient client, HttpMethod method, string path, string url, byte[]? body, string? bodyContentType, bool idempotent)
    {
        Client = client;
        Method = method;
        MethodName = method.Method.ToUpperInvariant();
        Path = path;
        Url = url;
        Body = body;
        BodyContentType = bodyContentType;
        Idempotent = idempotent;
    }

    public AuraClient Client { get; }
    public HttpMethod Method { get; }
    public string MethodName { get; }
    /// <summary>The path relative to the API root (what messages show).</summary>
    public string Path { get; }
    public string Url { get; }
    public byte[]? Body { get; }
    public string? BodyContentType { get; }
    public bool Idempotent { get; }
    public bool IsTokenRequest { get; set; }
    /// <summary>Attempts made so far (pacing and token waits included).</summary>
    public int Attempts { get; set; }
    /// <summary>True once a 401/403 has made this request renew its token and try again.</summary>
    public bool AuthRetried { get; set; }
}
