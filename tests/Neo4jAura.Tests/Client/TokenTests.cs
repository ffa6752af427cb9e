using System;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

public class TokenTests
{
    [Fact]
    public async Task Token_request_is_basic_auth_form_post_and_token_is_reused()
    {
        using var h = new Harness();
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        await h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None).ContinueWith(_ => { });

        var token = Assert.Single(h.Fake.TokenRequests);
        Assert.Equal("POST", token.Method);
        Assert.Equal("/oauth/token", token.PathAndQuery);
        Assert.Equal("application/x-www-form-urlencoded", token.ContentType);
        Assert.Equal("grant_type=client_credentials", token.Body);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(h.ClientId + ":" + Harness.Secret));
        Assert.Equal(expected, token.Authorization);
        Assert.True(token.ConnectionClose);
        Assert.StartsWith("Neo4jAura/", token.UserAgent);

        Assert.Equal(3, h.Fake.ApiCount);
        Assert.All(h.Fake.ApiRequests, r => Assert.Equal("Bearer tok-1", r.Authorization));
        Assert.Equal("/v1/instances", h.Fake.ApiRequests[0].PathAndQuery);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(3600), h.Client.TokenExpiresOn);
    }

    [Fact]
    public async Task Token_is_shared_by_every_client_with_the_same_credentials_but_not_other_secrets()
    {
        using var h = new Harness();
        var second = h.NewClient();
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        await second.Instances.ListAsync(null, CancellationToken.None);
        Assert.Equal(1, h.Fake.TokenCount);
        Assert.Equal(h.Client.TokenExpiresOn, second.TokenExpiresOn);

        var otherSecret = h.NewClient(secret: "another-secret");
        Assert.Null(otherSecret.TokenExpiresOn);
        await otherSecret.Instances.ListAsync(null, CancellationToken.None);
        Assert.Equal(2, h.Fake.TokenCount);
        Assert.Equal("Bearer tok-2", h.Fake.ApiRequests.Last().Authorization);
    }

    [Fact]
    public async Task Token_is_renewed_shortly_before_it_expires_and_not_earlier()
    {
        using var h = new Harness(o => o.TokenRenewalMargin = TimeSpan.FromMinutes(5));
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(54));
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        Assert.Equal(1, h.Fake.TokenCount);
        h.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // 55 min 1 s: inside the 5-minute margin
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        Assert.Equal(2, h.Fake.TokenCount);
        Assert.Equal("Bearer tok-2", h.Fake.ApiRequests.Last().Authorization);
    }

    [Fact]
    public async Task Short_lived_token_renewal_margin_is_capped_at_a_tenth_of_its_life()
    {
        using var h = new Harness(o => o.TokenRenewalMargin = TimeSpan.FromMinutes(5));
        h.Fake.TokenLifetimeSeconds = 60;
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(53));
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        Assert.Equal(1, h.Fake.TokenCount);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        Assert.Equal(2, h.Fake.TokenCount);
    }

    [Fact]
    public async Task Fifty_concurrent_callers_cause_one_token_request()
    {
        using var h = new Harness(o => o.HostRequestsPerMinute = 1000);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Fake.EnqueueToken(async (_, _) => { await gate.Task; return FakeAura.Json(200, "{\"access_token\":\"shared\",\"expires_in\":3600}"); });
        var clients = Enumerable.Range(0, 5).Select(_ => h.NewClient()).ToArray();
        var tasks = Enumerable.Range(0, 50).Select(i => Task.Run(() => clients[i % 5].EnsureTokenAsync(CancellationToken.None))).ToArray();
        await Harness.Eventually(() => h.Fake.TokenCount == 1, "the token request");
        await Harness.Settle();
        gate.SetResult();
        await Task.WhenAll(tasks);
        Assert.Equal(1, h.Fake.TokenCount);
        Assert.Equal(1, clients[0].Transport.TokenCache.FetchCount);
    }

    [Fact]
    public async Task Forbidden_renews_token_and_retries_once_then_reports_permission_denied()
    {
        using var h = new Harness();
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        h.Fake.Enqueue(FakeAura.Answer(403), FakeAura.Answer(200, "{\"data\":" + FakeAura.InstanceJson("a1b2c3d4") + "}"));
        var instance = await h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None);
        Assert.Equal("a1b2c3d4", instance.Id);
        Assert.Equal(2, h.Fake.TokenCount);
        Assert.Equal(new[] { "Bearer tok-1", "Bearer tok-2" }, h.Fake.ApiRequests.Select(r => r.Authorization));

        // tok-2 was accepted for this very request: a 403 now may mean it was revoked, so it is renewed once (tok-3).
        // A 403 with tok-3, made by that refusal and never accepted for this request, is a permission error: no
        // second renewal, no retry.
        h.Fake.Enqueue(FakeAura.Answer(403), FakeAura.Answer(403), FakeAura.Answer(403));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("AuraPermissionDenied", ex.ErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, ex.Category);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal(4, h.Fake.ApiCount);
        Assert.Equal(3, h.Fake.TokenCount);
        Assert.Equal(new[] { "Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3" }, h.Fake.ApiRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Fifty_forbidden_calls_cost_at_most_one_token_and_allowed_calls_still_work()
    {
        using var h = new Harness(o => o.HostRequestsPerMinute = 1000);
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        h.Fake.DefaultApi = (r, _) => Task.FromResult(r.PathAndQuery.Contains("forbidden")
            ? FakeAura.Json(403, "{\"errors\":[{\"message\":\"Access denied\",\"reason\":\"forbidden\"}]}")
            : FakeAura.Json(200, "{\"data\":" + FakeAura.InstanceJson("a1b2c3d4") + "}"));
        for (var n = 0; n < 50; n++)
        {
            var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.GetAsync("forbidden", CancellationToken.None));
            Assert.Equal("AuraPermissionDenied", ex.ErrorId);
        }
        Assert.True(h.Fake.TokenCount <= 2, $"{h.Fake.TokenCount} tokens for 50 forbidden calls");
        Assert.Equal(50 + (h.Fake.TokenCount - 1), h.Fake.ApiCount); // one retry per renewal, never more
        Assert.Equal("a1b2c3d4", (await h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None)).Id);
        Assert.True(h.Client.Transport.TokenBudget.UsedInLastHour(h.Time.GetUtcNow()) <= 2);
    }

    [Fact]
    public async Task Forbidden_calls_in_many_runspaces_at_once_cost_one_renewal()
    {
        using var h = new Harness(o => o.HostRequestsPerMinute = 1000);
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        h.Fake.DefaultApi = (r, _) => Task.FromResult(FakeAura.Json(403, "{\"error\":\"Access to this API has been disallowed\"}"));
        var clients = Enumerable.Range(0, 8).Select(_ => h.NewClient()).ToList();
        var calls = clients.SelectMany(c => Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            try { await c.Instances.GetAsync("a1b2c3d4", CancellationToken.None); }
            catch (AuraApiException ex) when (ex.ErrorId == "AuraPermissionDenied") { }
        }))).ToArray();
        await h.PumpUntil(Task.WhenAll(calls));
        Assert.True(h.Fake.TokenCount <= 2, $"{h.Fake.TokenCount} tokens");
    }

    [Fact]
    public async Task Speculative_renewals_never_spend_the_last_token_requests_of_the_hour()
    {
        using var h = new Harness(o => o.HostRequestsPerMinute = 1000);
        // Twelve token requests already this hour (other connections of the process): three remain for real need.
        for (var n = 0; n < AuraTokenBudget.HourlyLimit - AuraTokenBudget.Reserve; n++) h.Client.Transport.TokenBudget.Record(h.Time.GetUtcNow());
        await h.Client.EnsureTokenAsync(CancellationToken.None); // a token the module cannot do without is still fetched
        Assert.Equal(1, h.Fake.TokenCount);
        h.Fake.Enqueue(FakeAura.Answer(403));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None));
        Assert.Equal("AuraPermissionDenied", ex.ErrorId);
        Assert.Equal(1, h.Fake.TokenCount); // no renewal from the reserve
    }

    [Fact]
    public async Task Unauthorized_on_post_renews_and_resends_once()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(401), FakeAura.Answer(200, "{\"data\":" + FakeAura.InstanceJson("a1b2c3d4", "pausing") + "}"));
        var instance = await h.Client.Instances.PauseAsync("a1b2c3d4", CancellationToken.None);
        Assert.Equal("pausing", instance.Status);
        Assert.Equal(2, h.Fake.ApiCount);
        Assert.Equal(2, h.Fake.TokenCount);
        Assert.All(h.Fake.ApiRequests, r => Assert.True(r.ConnectionClose));
    }

    [Fact]
    public async Task Twenty_concurrent_401s_cause_one_renewal()
    {
        using var h = new Harness(o => o.HostRequestsPerMinute = 1000);
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Fake.DefaultApi = async (r, _) =>
        {
            if (r.Authorization == "Bearer tok-1")
            {
                if (Interlocked.Increment(ref arrived) == 20) allArrived.SetResult();
                await allArrived.Task;
                return FakeAura.Json(401, "{\"errors\":[{\"message\":\"token revoked\"}]}");
            }
            return FakeAura.Json(200, "{\"data\":[]}");
        };
        var tasks = Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.Client.Instances.ListAsync(null, CancellationToken.None))).ToArray();
        await h.PumpUntil(Task.WhenAll(tasks));
        Assert.Equal(2, h.Fake.TokenCount);
        Assert.Equal(40, h.Fake.ApiCount);
    }

    [Fact]
    public async Task Bad_credentials_fail_with_AuraAuthenticationFailed_without_the_secret()
    {
        using var h = new Harness();
        h.Fake.EnqueueToken(FakeAura.Answer(401, "{\"error\":\"invalid_client\"}"));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.EnsureTokenAsync(CancellationToken.None));
        Assert.Equal("AuraAuthenticationFailed", ex.ErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, ex.Category);
        Assert.Contains($"The Aura API refused the client id '{h.ClientId}' and its secret", ex.Message);
        Assert.Contains("invalid_client", ex.Message);
        Assert.DoesNotContain(Harness.Secret, ex.ToString());
        Assert.Equal(1, h.Fake.TokenCount);
        Assert.Null(h.Client.TokenExpiresOn);
    }

    [Fact]
    public async Task Token_429_is_not_retried_and_says_when_to_try_again()
    {
        using var h = new Harness();
        h.Fake.EnqueueToken(FakeAura.Answer(429, "{}", retryAfterSeconds: 1200));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.ListAsync(null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("AuraTokenRateLimited", ex.ErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, ex.Category);
        Assert.Equal(TimeSpan.FromSeconds(1200), ex.RetryAfter);
        Assert.Contains("15 token requests an hour", ex.Message);
        Assert.Contains("20 minutes", ex.Message);
        Assert.Equal(1, h.Fake.TokenCount);
        Assert.Equal(0, h.Fake.ApiCount);

        // Asking again before Retry-After has passed fails at once without burning another token request.
        h.Time.Advance(TimeSpan.FromMinutes(10));
        var again = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.EnsureTokenAsync(CancellationToken.None));
        Assert.Equal("AuraTokenRateLimited", again.ErrorId);
        Assert.Equal(TimeSpan.FromMinutes(10), again.RetryAfter);
        Assert.Equal(1, h.Fake.TokenCount);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        Assert.Equal(2, h.Fake.TokenCount);
    }

    [Fact]
    public async Task Token_5xx_is_retried_with_backoff()
    {
        using var h = new Harness();
        h.Fake.EnqueueToken(FakeAura.Answer(503));
        var task = h.Client.EnsureTokenAsync(CancellationToken.None);
        await Harness.Eventually(() => h.Fake.TokenCount == 1, "first token request");
        h.Time.Advance(TimeSpan.FromSeconds(1.01));
        await task;
        Assert.Equal(2, h.Fake.TokenCount);
    }

    [Fact]
    public async Task ForgetToken_drops_the_cached_token()
    {
        using var h = new Harness();
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        Assert.NotNull(h.Client.TokenExpiresOn);
        h.Client.ForgetToken();
        Assert.Null(h.Client.TokenExpiresOn);
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        Assert.Equal(2, h.Fake.TokenCount);
    }

    [Fact]
    public async Task Token_answer_without_access_token_is_an_invalid_response()
    {
        using var h = new Harness();
        h.Fake.EnqueueToken(FakeAura.Answer(200, "{\"expires_in\":3600}"));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.EnsureTokenAsync(CancellationToken.None));
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
    }
}
