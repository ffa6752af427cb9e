using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

/// <summary>Runs many paths with -Debug on and scans everything a user could see for the secret, the token and a password.</summary>
public class SecretScanTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJlLXZhbHVl";
    private const string Password = "Xq9-one-time-PASSWORD-77";

    [Fact]
    public async Task Secret_token_and_password_never_reach_traces_errors_or_ToString()
    {
        using var h = new Harness(o => o.MaxRetries = 1);
        h.Fake.EnqueueToken(FakeAura.Answer(200, $"{{\"access_token\":\"{Token}\",\"expires_in\":3600,\"token_type\":\"bearer\"}}"));
        var sink = new ListSink { DebugEnabled = true };
        AuraTrace.Current = sink;
        var seen = new System.Collections.Generic.List<string>();

        h.Fake.Enqueue(
            FakeAura.Answer(202, $"{{\"data\":{{\"id\":\"a1b2c3d4\",\"name\":\"x\",\"status\":\"creating\",\"username\":\"neo4j\",\"password\":\"{Password}\"}}}}"),
            FakeAura.Answer(400, $"{{\"errors\":[{{\"message\":\"bad\",\"field\":\"name\"}}],\"echo\":{{\"authorization\":\"Bearer {Token}\",\"password\":\"{Password}\"}}}}"),
            (_, _) => Task.FromResult(FakeAura.Text(200, $"<html>token={Token} Authorization: Bearer {Token} password: {Password}</html>", "text/html")),
            FakeAura.Answer(500, $"{{\"detail\":\"Bearer {Token}\",\"password\":\"{Password}\"}}"),
            FakeAura.Answer(200, $"{{\"data\": [ {{\"password\":\"{Password}\""));
        var created = await h.Client.Instances.CreateAsync(new CreateInstanceRequest { Name = "x", Memory = "8GB", TenantId = "t1", Region = "r", Type = "t", CloudProvider = "gcp" }, CancellationToken.None);
        seen.Add(created.ToString());
        seen.Add(created.Credential!.ToString()!);
        foreach (var call in new Func<Task>[]
        {
            () => h.Client.Instances.UpdateAsync("a1b2c3d4", new UpdateInstanceRequest { Name = "y" }, CancellationToken.None),
            () => h.Client.Instances.ListAsync(null, CancellationToken.None),
            () => h.Client.Instances.PauseAsync("a1b2c3d4", CancellationToken.None),
            () => h.Client.Instances.ListAsync(null, CancellationToken.None),
        })
        {
            var ex = await Assert.ThrowsAsync<AuraApiException>(call);
            seen.Add(ex.ToString());
            seen.Add(ex.ToErrorRecord("target").ToString());
            seen.Add(ex.RecommendedAction ?? "");
        }
        h.Fake.EnqueueToken(FakeAura.Answer(401, $"{{\"error\":\"invalid_client\",\"client_secret\":\"{Harness.Secret}\"}}"));
        var other = h.NewClient(secret: "other-" + Harness.Secret);
        seen.Add((await Assert.ThrowsAsync<AuraApiException>(() => other.EnsureTokenAsync(CancellationToken.None))).ToString());
        AuraTrace.Current = null;

        seen.AddRange(sink.All);
        seen.Add(h.Client.Transport.TokenCache.Current!.ToString());
        seen.Add(new AuraConnection(h.Client).ToString());
        Assert.NotEmpty(sink.DebugLines);
        foreach (var text in seen)
        {
            Assert.DoesNotContain(Token, text);
            Assert.DoesNotContain(Token.Split('.')[1], text);
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain(Harness.Secret, text);
        }
        // The Basic header went only to the token endpoint.
        Assert.All(h.Fake.ApiRequests, r => Assert.StartsWith("Bearer ", r.Authorization));
    }
}
