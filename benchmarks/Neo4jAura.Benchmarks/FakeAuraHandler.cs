using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Benchmarks;

/// <summary>
/// An in-memory Aura API for the client: the token endpoint and GET /v1/instances answering with fixed bytes
/// (the same array every time, no copy), so the benchmark measures the module's parsing, not a network.
/// </summary>
internal sealed class FakeAuraHandler : HttpMessageHandler
{
    private static readonly byte[] Token = Encoding.UTF8.GetBytes("{\"access_token\":\"bench-token\",\"expires_in\":3600,\"token_type\":\"bearer\"}");
    private readonly byte[] _instances;
    private readonly byte[]? _instance;

    /// <param name="instances">the answer of GET /v1/instances</param>
    /// <param name="instance">the answer of GET /v1/instances/{id} (any id), or null for 404</param>
    public FakeAuraHandler(byte[] instances, byte[]? instance = null)
    {
        _instances = instances;
        _instance = instance;
    }

    public int TokenRequests;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        byte[] body;
        if (path == "/oauth/token")
        {
            Interlocked.Increment(ref TokenRequests);
            body = Token;
        }
        else if (path == "/v1/instances")
        {
            body = _instances;
        }
        else if (_instance is not null && path.StartsWith("/v1/instances/", StringComparison.Ordinal))
        {
            body = _instance;
        }
        else
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
