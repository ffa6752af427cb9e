using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Control;
using Neo4jAura.Emulator.Json;

namespace Neo4jAura.Emulator.Pipeline;

/// <summary>
/// Wraps API and token requests: request log, injected faults, bearer authentication (401/403),
/// the per-client rate limit (429) and the translation of <see cref="ApiException"/> into AuraError bodies.
/// Control requests (/_emulator) only get the error translation.
/// </summary>
internal sealed class EmulatorMiddleware
{
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
    }

    public async Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var kind = Classify(path);
        if (kind is PathKind.Control or PathKind.Other)
        {
            await RunAsync(ctx);
            return;
        }

        var started = services.Time.GetUtcNow();
        var aborted = false;
        try
        {
            aborted = await HandleAsync(ctx, kind, path);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            aborted = true;
        }
        finally
        {
            services.Log.Add(new RequestLogEntry(
                SnapshotView.FormatTime(started),
                ctx.Request.Method,
                path,
                aborted ? 0 : ctx.Response.StatusCode,
                ctx.Items[EmulatorServices.ClientIdItem] as string));
        }
    }

    /// <summary>Returns true when the connection was dropped on purpose.</summary>
    private async Task<bool> HandleAsync(HttpContext ctx, PathKind kind, string path)
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
                    await WriteFaultStatusAsync(ctx, fault);
                    return false;
                case FaultKinds.Drop when fault.DropStage == FaultKinds.MidBody:
                    midBodyDrop = true;
                    break;
                case FaultKinds.Drop:
                    ctx.Abort();
                    return true;
            }
        }

        if (kind == PathKind.Api && !await AuthorizeAsync(ctx))
        {
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

    private async Task<bool> AuthorizeAsync(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"aura-emulator\"";
            await Responses.WriteErrorAsync(ctx, 401,
                "Authentication required: send 'Authorization: Bearer <token>' with a token from POST /oauth/token.", Reasons.Unauthorized);
            return false;
        }

        var now = services.Time.GetUtcNow();
        switch (services.Tokens.Validate(header.Substring(7).Trim(), now, out var clientId))
        {
            case TokenCheck.Unknown:
                ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"aura-emulator\", error=\"invalid_token\"";
                await Responses.WriteErrorAsync(ctx, 401, "The access token is not valid.", Reasons.Unauthorized);
                return false;
            case TokenCheck.Expired:
                ctx.Items[EmulatorServices.ClientIdItem] = clientId;
                ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"aura-emulator\", error=\"invalid_token\", error_description=\"The token has expired\"";
                await Responses.WriteErrorAsync(ctx, 403, "The access token has expired; request a new one from POST /oauth/token.", Reasons.TokenExpired);
                return false;
        }

        ctx.Items[EmulatorServices.ClientIdItem] = clientId;
        var limit = services.Store.Settings.RateLimitPerMinute;
        if (!services.ApiLimiter.TryAcquire(clientId!, limit, now, out var retryAfter))
        {
            await Responses.WriteErrorAsync(ctx, 429,
                $"Too many requests: the limit is {limit} requests a minute. Retry after {retryAfter} s.", Reasons.RateLimited,
                retryAfterSeconds: retryAfter);
            return false;
        }

        return true;
    }

    private static Task WriteFaultStatusAsync(HttpContext ctx, FaultRule fault)
    {
        var status = fault.Status ?? 503;
        var (message, reason) = status switch
        {
            429 => ("Too many requests (injected fault).", Reasons.RateLimited),
            500 => ("Internal server error (injected fault).", Reasons.InternalError),
            503 => ("Service unavailable (injected fault).", Reasons.ServiceUnavailable),
            _ => ($"Injected fault {status}.", "injected-fault"),
        };
        return Responses.WriteErrorAsync(ctx, status, message, reason, retryAfterSeconds: fault.RetryAfterSeconds);
    }

    /// <summary>Runs the request (so the operation happens), then sends the headers and half the body and drops the connection.</summary>
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
        ctx.Abort();
    }

    /// <summary>Runs the rest of the pipeline and turns errors into AuraError answers.</summary>
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
        catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Unexpected error for {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            ctx.Response.Clear();
            await Responses.WriteErrorAsync(ctx, 500, "Internal error in the emulator: " + ex.Message, Reasons.InternalError);
        }
    }

    private static PathKind Classify(string path)
    {
        if (path.StartsWith("/_emulator", StringComparison.OrdinalIgnoreCase))
        {
            return PathKind.Control;
        }

        var trimmed = path.TrimEnd('/');
        if (trimmed.Equals("/oauth/token", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("/v1/oauth/token", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("/v1beta3/oauth/token", StringComparison.OrdinalIgnoreCase))
        {
            return PathKind.Token;
        }

        if (IsUnder(path, "/v1") || IsUnder(path, "/v1beta3"))
        {
            return PathKind.Api;
        }

        return PathKind.Other;
    }

    private static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
