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

    public FakeAuraHandler(byte[] instances) => _instances = instances;

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
        else
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
