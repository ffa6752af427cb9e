using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Reliability;

/// <summary>
/// What the API side can throw at the module beyond what tests/Neo4jAura.Tests/Client covers: proxy pages on
/// non-idempotent requests, a huge streamed body (read only up to the cap, once), and unknown fields and enum values
/// as PowerShell users see them (note properties), with secret-looking unknown fields never published.
/// </summary>
public class ResponseEdgeTests
{
    private const string ProxyPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    [Fact]
    public async Task Html_502_from_a_proxy_on_POST_is_sent_once_and_says_it_may_or_may_not_have_happened()
    {
        var stub = new StubAura { Api = (_, _) => StubAura.Text(502, ProxyPage + new string(' ', 4000), "text/html") };
        using var client = stub.NewClient(maxRetries: 3);
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => client.Snapshots.CreateAsync("a1b2c3d4", CancellationToken.None));
        Assert.Equal(1, stub.ApiCount);
        Assert.Equal("AuraServerError", ex.ErrorId);
        Assert.True(ex.OperationMayHaveHappened);
        Assert.Contains("502 Bad Gateway to POST /instances/a1b2c3d4/snapshots", ex.Message);
        Assert.Contains("may or may not", ex.Message);
        Assert.DoesNotContain("<center>", ex.Message);
        Assert.True(ex.Message.Length < 600, "the page is summarised, not pasted: " + ex.Message.Length);
    }

    [Fact]
    public async Task Html_200_from_a_captive_portal_on_POST_is_sent_once_and_is_an_invalid_response()
    {
        var stub = new StubAura { Api = (_, _) => StubAura.Text(200, "<html><body>Please sign in to the guest Wi-Fi</body></html>", "text/html") };
        using var client = stub.NewClient(maxRetries: 3);
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => client.Instances.PauseAsync("a1b2c3d4", CancellationToken.None));
        Assert.Equal(1, stub.ApiCount);
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains("text/html", ex.Message);
        Assert.Contains("POST /instances/a1b2c3d4/pause", ex.Message);
    }

    [Fact]
    public async Task A_100_MB_streamed_body_is_read_only_up_to_the_cap_and_not_fetched_again()
    {
        var streams = new System.Collections.Concurrent.ConcurrentBag<CountingStream>();
        var stub = new StubAura
        {
            Api = (_, _) =>
            {
                var body = new CountingStream(100L * 1024 * 1024);
                streams.Add(body);
                var content = new StreamContent(body);   // no Content-Length: chunked, as a misbehaving proxy might send
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            },
        };
        using var client = stub.NewClient(maxRetries: 3);
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => client.Instances.ListAsync(null, CancellationToken.None));
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains("MiB", ex.Message);
        Assert.Equal(1, stub.ApiCount);
        var read = streams.Single().BytesRead;
        Assert.True(read <= AuraTransport.MaxResponseBytes + 256 * 1024, $"read {read} bytes, more than the cap");
        Assert.True(read < 100L * 1024 * 1024, "the whole 100 MB body was read");
    }

    [Fact]
    public void Unknown_fields_and_unknown_statuses_reach_PowerShell_as_note_properties_and_secret_looking_ones_do_not()
    {
        var stub = new StubAura
        {
            Api = (request, _) => request.RequestUri!.AbsolutePath switch
            {
                "/v1/instances/a1b2c3d4" => StubAura.Json(200,
                    "{\"data\":{\"id\":\"a1b2c3d4\",\"name\":\"prod-orders\",\"status\":\"hibernating\",\"tenant_id\":\"t1\",\"cloud_provider\":\"gcp\",\"region\":\"europe-west1\",\"type\":\"enterprise-db-v2\",\"memory\":\"8GB\"," +
                    "\"graph_nodes\":42,\"vector_optimized\":true,\"cdc\":{\"mode\":\"full\"},\"admin_password\":\"leak-me-1\",\"api_token\":\"leak-me-2\"}}"),
                "/v1/instances/a1b2c3d4/snapshots" => StubAura.Json(200,
                    "{\"data\":[{\"snapshot_id\":\"s1\",\"instance_id\":\"a1b2c3d4\",\"status\":\"Archiving\",\"timestamp\":\"2026-01-01T02:00:00Z\",\"exportable\":true,\"size_bytes\":1234}]}"),
                "/v1/tenants" => StubAura.Json(200, "{\"data\":[{\"id\":\"t1\",\"name\":\"Prod\"}]}"),
                "/v1/tenants/t1" => StubAura.Json(200,
                    "{\"data\":{\"id\":\"t1\",\"name\":\"Prod\",\"billing_plan\":\"enterprise\",\"instance_configurations\":[]}}"),
                _ => StubAura.Json(404, "{\"errors\":[{\"message\":\"not found\",\"reason\":\"not-found\"}]}"),
            },
        };
        using var client = stub.NewClient();
        var connection = new AuraConnection(client);
        using var host = new HostedPowerShell();
        var result = host.Run(
            "Get-AuraInstance -InstanceId a1b2c3d4 -Connection $c; Get-AuraSnapshot -InstanceId a1b2c3d4 -Connection $c; Get-AuraTenant -Connection $c",
            new System.Collections.Generic.Dictionary<string, object?> { ["c"] = connection });
        Assert.Null(result.Terminating);
        Assert.Empty(host.Errors);
        Assert.Equal(3, result.Output.Count);

        var instance = result.Output[0];
        Assert.Equal("Neo4jAura.AuraInstance", instance.TypeNames[0]);
        Assert.Equal("hibernating", instance.Properties["Status"].Value);
        Assert.Equal("enterprise-db-v2", instance.Properties["Type"].Value);
        Assert.Equal(42L, Convert.ToInt64(instance.Properties["GraphNodes"].Value));
        Assert.Equal(true, instance.Properties["VectorOptimized"].Value);
        Assert.NotNull(instance.Properties["Cdc"]);
        var values = instance.Properties.Select(p => Convert.ToString(p.Value)).ToList();
        Assert.DoesNotContain("leak-me-1", values);
        Assert.DoesNotContain("leak-me-2", values);
        Assert.DoesNotContain(host.AllText(), t => t.Contains("leak-me"));

        var snapshot = result.Output[1];
        Assert.Equal("Archiving", snapshot.Properties["Status"].Value);
        Assert.Equal(1234L, Convert.ToInt64(snapshot.Properties["SizeBytes"].Value));

        var tenant = result.Output[2];
        Assert.Equal("enterprise", tenant.Properties["BillingPlan"].Value);
    }

    private static string InstanceList(int count, string ending = "]}")
        => "{\"data\":[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"id\":\"{i:x8}\",\"name\":\"db-{i:D5}\",\"status\":\"running\",\"tenant_id\":\"t1\",\"cloud_provider\":\"gcp\",\"region\":\"europe-west1\",\"type\":\"enterprise-db\",\"memory\":\"8GB\"}}")) + ending;

    [Fact]
    public void Get_AuraInstance_Summary_writes_each_instance_as_it_is_read_and_a_downstream_stop_ends_the_read()
    {
        var stub = new StubAura { Api = (_, _) => StubAura.Json(200, InstanceList(20_000)) };
        using var client = stub.NewClient();
        var connection = new AuraConnection(client);
        // What the cmdlet has remembered of the list (for tab completion): it does so after its last instance.
        Func<int> remembered = () => Neo4jAura.Completers.AuraCache.Instances(connection, TimeSpan.FromHours(1))?.Count ?? -1;
        using var host = new HostedPowerShell();
        var result = host.Run(
            "$n = 0; $atFirst = $null; Get-AuraInstance -Summary -Connection $c | ForEach-Object { if ($n++ -eq 0) { $atFirst = $probe.Invoke() } }; $n; $atFirst; $probe.Invoke()",
            new System.Collections.Generic.Dictionary<string, object?> { ["c"] = connection, ["probe"] = remembered });
        Assert.Null(result.Terminating);
        Assert.Empty(host.Errors.Select(HostedPowerShell.Describe));
        Assert.Equal(new object?[] { 20_000, -1, 20_000 }, result.Output.Select(o => o?.BaseObject).ToArray());

        // The hosted runspace has no Select-Object: a break out of the pipeline stops it the same way, mid-list.
        var first = host.Run("$ids = [System.Collections.Generic.List[string]]::new(); foreach ($once in 1) { Get-AuraInstance -Summary -Connection $c | ForEach-Object { $ids.Add($_.Id); if ($ids.Count -eq 2) { break } } }; $ids");
        Assert.Null(first.Terminating);
        Assert.Equal(new[] { "00000000", "00000001" }, first.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(2, stub.ApiCount);
    }

    [Fact]
    public void Get_AuraInstance_Summary_outputs_nothing_from_a_malformed_list_it_can_check_whole_and_says_how_many_from_a_larger_one()
    {
        var stub = new StubAura { Api = (_, n) => StubAura.Json(200, InstanceList(n == 1 ? 100 : 20_000, "]")) };
        using var client = stub.NewClient();
        var connection = new AuraConnection(client);
        using var host = new HostedPowerShell();
        var vars = new System.Collections.Generic.Dictionary<string, object?> { ["c"] = connection };

        var small = host.Run("Get-AuraInstance -Summary -Connection $c", vars);
        Assert.Empty(small.Output);
        var error = Assert.Single(host.Errors);
        Assert.StartsWith("AuraInvalidResponse", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("already output", error.Exception.Message);

        host.Errors.Clear();
        var large = host.Run("Get-AuraInstance -Summary -Connection $c", vars);
        Assert.Equal(20_000, large.Output.Count);
        error = Assert.Single(host.Errors);
        Assert.StartsWith("AuraInvalidResponse", error.FullyQualifiedErrorId);
        Assert.Contains("after the first 20000 elements (already output)", error.Exception.Message);
        Assert.Equal(2, stub.ApiCount);
    }

    /// <summary>Serves <c>{"data":[</c> then spaces up to a length, counting what the reader took.</summary>
    private sealed class CountingStream : Stream
    {
        private static readonly byte[] Head = "{\"data\":["u8.ToArray();
        private readonly long _length;
        private long _position;
        public CountingStream(long length) => _length = length;
        public long BytesRead => Interlocked.Read(ref _position);
        public override int Read(byte[] buffer, int offset, int count)
        {
            var left = _length - _position;
            if (left <= 0) return 0;
            var n = (int)Math.Min(count, left);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Head.Length ? Head[at] : (byte)' ';
            }
            Interlocked.Add(ref _position, n);
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
