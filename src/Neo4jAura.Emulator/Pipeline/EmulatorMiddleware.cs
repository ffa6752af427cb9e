using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Control;
using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Pipeline;

/// <summary>
/// Wraps every request: an X-Request-Id on every answer; for API and token requests the request log, injected faults,
/// bearer authentication (401/403), the per-client rate limit (429), the JSON content-type rule (415) and the
/// deprecation header; for control requests the <see cref="ControlAccess"/> guard. <see cref="ApiException"/>s become
/// Error answers.
/// </summary>
internal sealed class EmulatorMiddleware
{
    /// <summary>The date /v1beta3 (a deprecated alias of /v1) announces in X-Tyk-Api-Expires unless api_expires is set.</summary>
    public const string V1Beta3Expires = "Wed, 31 Mar 2027 00:00:00 UTC";

    private readonly RequestDelegate next;
    private readonly EmulatorServices services;
    private readonly ILogger logger;

    public EmulatorMiddleware(RequestDelegate next, EmulatorServices services, ILogger<EmulatorMiddleware> logger)
    {
        this.next = next;
        this.services = services;
        this.logger = logger;
    }

    private enum PathKind
    {
        Other,
        Control,
        Token,
        Api,
        DeprecatedApi,
    }

    public async Task InvokeAsync(HttpContext ctx)
    {
        RequestBody.LiftServerLimit(ctx);
        var requestId = NewRequestId();
        ctx.Items[EmulatorServices.RequestIdItem] = requestId;
        var path = ctx.Request.Path.Value ?? "/";
        var kind = Classify(path);
        var settings = services.Store.Settings;
        var expires = kind switch
        {
            PathKind.Api => settings.ApiExpires,
            PathKind.DeprecatedApi => settings.ApiExpires ?? V1Beta3Expires,
            _ => null,
        };
        ctx.Response.OnStarting(() =>
        {
            ctx.Response.Headers["X-Request-Id"] = requestId;
            if (expires is not null)
            {
                ctx.Response.Headers["X-Tyk-Api-Expires"] = expires;
            }

            return Task.CompletedTask;
        });

        if (kind == PathKind.Control)
        {
            var refusal = services.Control.Refusal(ctx.Request);
            if (refusal is not null)
            {
                await Responses.WriteErrorAsync(ctx, 403, refusal, Reasons.Forbidden);
                return;
            }
        }

        if (kind is PathKind.Control or PathKind.Other)
        {
            await RunAsync(ctx);
            return;
        }

        var started = services.Time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var aborted = false;
        try
        {
            aborted = await HandleAsync(ctx, kind, path, settings);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            aborted = true;
        }
        finally
        {
            var status = aborted ? 0 : ctx.Response.StatusCode;
            var ms = Math.Round(watch.Elapsed.TotalMilliseconds, 1);
            var query = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value : null;
            services.Log.Add(new RequestLogEntry(AuraTime.FormatPrecise(started), ctx.Request.Method, path, status,
                ctx.Items[EmulatorServices.ClientIdItem] as string, requestId, ms, query));
            WriteLogLine(started, ctx.Request.Method, path + query, status, ms, requestId);
        }

        if (aborted)
        {
            ctx.Abort(); // after logging, so a client that sees the dropped connection finds it in the log
        }
    }

    /// <summary>Returns true when the connection is to be dropped on purpose (the caller aborts it after logging).</summary>
    private async Task<bool> HandleAsync(HttpContext ctx, PathKind kind, string path, EmulatorSettings settings)
    {
        var midBodyDrop = false;
        var fault = services.Faults.TryTake(ctx.Request.Method, path);
        if (fault is not null)
        {
            switch (fault.Kind)
            {
                case FaultKinds.Slow:
                    await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs ?? 0), ctx.RequestAborted);
                    break;
                case FaultKinds.Status:
                    await WriteFaultStatusAsync(ctx, fault, settings);
                    return false;
                case FaultKinds.Redirect:
                    ctx.Response.StatusCode = 308;
                    ctx.Response.Headers.Location = fault.Location ?? path + ctx.Request.QueryString;
                    return false;
                case FaultKinds.Drop when fault.DropStage == FaultKinds.MidBody:
                    midBodyDrop = true;
                    break;
                case FaultKinds.Drop:
                    return true;
            }
        }

        if (kind is PathKind.Api or PathKind.DeprecatedApi && !await AuthorizeAsync(ctx, settings))
        {
            return false;
        }

        if (kind is PathKind.Api or PathKind.DeprecatedApi && ctx.Request.Method is "POST" or "PATCH" && !RequestBody.IsJson(ctx.Request))
        {
            await Responses.WriteErrorAsync(ctx, 415,
                "This endpoint requires the Content-Type: application/json header.", Reasons.UnsupportedMediaType);
            return false;
        }

        if (!midBodyDrop)
        {
            await RunAsync(ctx);
            return false;
        }

        await RunAndDropMidBodyAsync(ctx);
        return true;
    }

    private async Task<bool> AuthorizeAsync(HttpContext ctx, EmulatorSettings settings)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"aura-emulator\"";
            await Responses.WriteShapedErrorAsync(ctx, 401, ErrorShapes.Middleware, "Authorization field missing", Reasons.Forbidden);
            return false;
        }

        var now = services.Time.GetUtcNow();
        switch (services.Tokens.Validate(header.Substring(7).Trim(), now, out var clientId))
        {
            case TokenCheck.Unknown:
                ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"aura-emulator\", error=\"invalid_token\"";
                await Responses.WriteShapedErrorAsync(ctx, 401, ErrorShapes.Middleware, "Key not authorised", Reasons.Forbidden);
                return false;
            case TokenCheck.Expired:
                ctx.Items[EmulatorServices.ClientIdItem] = clientId;
                await Responses.WriteShapedErrorAsync(ctx, 403, ErrorShapes.Middleware, "Key has expired, please renew", Reasons.Forbidden);
                return false;
        }

        ctx.Items[EmulatorServices.ClientIdItem] = clientId;
        if (!services.ApiLimiter.TryAcquire(clientId!, settings.RateLimitPerMinute, now, out var retryAfter))
        {
            Responses.SetRetryAfter(ctx, retryAfter, settings, services.Time.WallClockNow);
            await Responses.WriteShapedErrorAsync(ctx, 429, ErrorShapes.Middleware, "API rate limit exceeded", Reasons.Forbidden);
            return false;
        }

        return true;
    }

    private Task WriteFaultStatusAsync(HttpContext ctx, FaultRule fault, EmulatorSettings settings)
    {
        var status = fault.Status ?? 503;
        if (fault.RetryAfterSeconds is int seconds)
        {
            Responses.SetRetryAfter(ctx, seconds, settings, services.Time.WallClockNow);
        }

        var message = status switch
        {
            420 => "Action unsupported for this tier of instance.",
            429 => "API rate limit exceeded",
            500 => "Internal server error (injected fault).",
            502 => "Bad gateway (injected fault).",
            503 => "Service unavailable (injected fault).",
            504 => "Gateway timeout (injected fault).",
            _ => $"Injected fault {status.ToString(CultureInfo.InvariantCulture)}.",
        };
        return Responses.WriteShapedErrorAsync(ctx, status, fault.Shape ?? ErrorShapes.DefaultFor(status), message, Reasons.InjectedFault);
    }

    /// <summary>Runs the request (so the operation happens), then sends the headers and half the body; the caller drops the connection.</summary>
    private async Task RunAndDropMidBodyAsync(HttpContext ctx)
    {
        var original = ctx.Response.Body;
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            ctx.Response.Body = buffer;
            try
            {
                await RunAsync(ctx);
            }
            finally
            {
                ctx.Response.Body = original;
            }

            body = buffer.ToArray();
        }

        ctx.Response.ContentLength = Math.Max(body.Length, 64);
        await ctx.Response.StartAsync(ctx.RequestAborted);
        if (body.Length > 1)
        {
            await ctx.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ctx.RequestAborted);
        }

        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        await Task.Delay(50, ctx.RequestAborted);
    }

    /// <summary>Runs the rest of the pipeline and turns errors into Error answers.</summary>
    private async Task RunAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx);
        }
        catch (ApiException ex) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            await Responses.WriteErrorAsync(ctx, ex.Status, ex.Errors);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (BadHttpRequestException ex) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            await Responses.WriteErrorAsync(ctx, ex.StatusCode, ex.Message, ex.StatusCode == 413 ? Reasons.BodyTooLarge : Reasons.InvalidRequest);
        }
        catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Unexpected error for {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            ctx.Response.Clear();
            await Responses.WriteErrorAsync(ctx, 500, "Internal error in the emulator: " + ex.Message, Reasons.InternalError);
        }
    }

    private void WriteLogLine(DateTimeOffset time, string method, string path, int status, double ms, string requestId)
    {
        var writer = services.RequestLogWriter;
        if (writer is null)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{AuraTime.FormatPrecise(time)} {method} {path} {status} {ms:0.0} ms {requestId}");
        lock (writer)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <summary>Like Aura's: 32 hex digits, '/', a decimal number.</summary>
    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexString(bytes[..16]).ToLowerInvariant() + "/"
            + BitConverter.ToUInt64(bytes[16..]).ToString(CultureInfo.InvariantCulture);
    }

    private static PathKind Classify(string path)
    {
        if (IsUnder(path, "/_emulator"))
        {
            return PathKind.Control;
        }

        if (path.TrimEnd('/').Equals("/oauth/token", StringComparison.OrdinalIgnoreCase))
        {
            return PathKind.Token;
        }

        return IsUnder(path, "/v1") ? PathKind.Api : IsUnder(path, "/v1beta3") ? PathKind.DeprecatedApi : PathKind.Other;
    }

    private static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
