using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Reliability;

/// <summary>
/// TLS certificate errors are never ignored: against a loopback HTTPS server with a self-signed certificate the
/// client fails with a clear error and no HTTP request reaches the server (so the client secret is never sent).
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private WebApplication? _app;
    private int _served;
    private Uri _baseUri = null!;

    public async Task InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(certificate);
        }));
        _app = builder.Build();
        _app.MapPost("/oauth/token", () =>
        {
            Interlocked.Increment(ref _served);
            return Results.Json(new { access_token = "tls-token-that-must-never-be-issued-0123456789", expires_in = 3600, token_type = "bearer" });
        });
        _app.MapGet("/v1/instances", () =>
        {
            Interlocked.Increment(ref _served);
            return Results.Json(new { data = Array.Empty<object>() });
        });
        await _app.StartAsync();
        _baseUri = new Uri(_app.Urls.Single().Replace("[::1]", "127.0.0.1"));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private AuraClient NewClient(int maxRetries) => new(new AuraClientOptions
    {
        BaseUri = _baseUri,
        ClientId = "tls-client",
        ClientSecret = StubAura.Secure(StubAura.Secret),
        MaxRetries = maxRetries,
        Jitter = () => 0,
    });

    [Fact]
    public async Task A_self_signed_certificate_fails_the_token_request_clearly_and_nothing_is_served()
    {
        using var client = NewClient(maxRetries: 0);
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => client.EnsureTokenAsync(CancellationToken.None));
        Assert.Equal("AuraConnectionFailed", ex.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, ex.Category);
        Assert.Contains("/oauth/token", ex.Message);
        Assert.Matches("(?i)ssl|certificate", ex.Message);
        Assert.DoesNotContain(StubAura.Secret, ex.ToString());
        Assert.Equal(0, Volatile.Read(ref _served));
        Assert.Null(client.TokenExpiresOn);
    }

    [Fact]
    public async Task The_same_server_answers_a_client_that_trusts_it_so_the_refusal_is_certificate_validation()
    {
        // Control: the server works; only a client that switches validation off (which the module never does) gets in.
        using var trusting = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var answer = await trusting.PostAsync(new Uri(_baseUri, "/oauth/token"), new StringContent("grant_type=client_credentials"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(1, Volatile.Read(ref _served));
    }

    [Fact]
    public void The_module_never_installs_a_certificate_validation_callback()
    {
        using var client = NewClient(maxRetries: 0);
        var handlers = (System.Collections.IEnumerable)typeof(AuraTransport)
            .GetField("_handlers", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(client.Transport)!;
        var list = handlers.Cast<HttpMessageHandler>().ToList();
        Assert.NotEmpty(list);
        foreach (var handler in list)
        {
            var h = Assert.IsType<HttpClientHandler>(handler);
            Assert.Null(h.ServerCertificateCustomValidationCallback);
            Assert.Equal(System.Security.Authentication.SslProtocols.None, h.SslProtocols); // the platform's defaults
        }

        // And nothing in the module's code could serve as one: no method anywhere in Neo4jAura.dll (lambdas included)
        // takes the SslPolicyErrors every certificate validation callback receives.
        var assembly = typeof(AuraClient).Assembly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                Assert.DoesNotContain(method.GetParameters(), p => p.ParameterType == typeof(System.Net.Security.SslPolicyErrors));
            }
        }
    }
}
