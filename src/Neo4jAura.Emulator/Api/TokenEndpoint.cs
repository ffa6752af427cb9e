using System.Text;
using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.Pipeline;

namespace Neo4jAura.Emulator.Api;

/// <summary>
/// POST /oauth/token (unversioned, as at Aura): the OAuth2 client-credentials grant, the client authenticated with HTTP
/// Basic or with client_id and client_secret in the form. Errors are OAuth's {"error","error_description"}.
/// </summary>
internal sealed class TokenEndpoint
{
    private readonly EmulatorServices services;

    private TokenEndpoint(EmulatorServices services) => this.services = services;

    public static void Map(IEndpointRouteBuilder app, EmulatorServices services)
    {
        var endpoint = new TokenEndpoint(services);
        var handler = new RequestDelegate(endpoint.HandleAsync);
        app.MapPost("/oauth/token", handler);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Headers.Pragma = "no-cache";
        IFormCollection? form = null;
        if (ctx.Request.HasFormContentType)
        {
            byte[] bytes;
            try
            {
                bytes = await RequestBody.ReadBytesAsync(ctx);
            }
            catch (ApiException ex)
            {
                await OAuthError(ctx, ex.Status, Reasons.InvalidOAuthRequest, ex.Message);
                return;
            }

            form = new FormCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes)));
        }

        if (!TryGetCredentials(ctx, form, out var clientId, out var clientSecret))
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"aura-emulator\"";
            await OAuthError(ctx, 401, Reasons.InvalidClient,
                "Client authentication is required: send the client id and secret with HTTP Basic authentication.");
            return;
        }

        if (!services.Tokens.CheckCredentials(clientId, clientSecret))
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"aura-emulator\"";
            await OAuthError(ctx, 401, Reasons.InvalidClient, "Invalid client credentials.");
            return;
        }

        ctx.Items[EmulatorServices.ClientIdItem] = clientId;
        if (form is null)
        {
            await OAuthError(ctx, 400, Reasons.InvalidOAuthRequest,
                "The body must be application/x-www-form-urlencoded with grant_type=client_credentials.");
            return;
        }

        var grantType = form["grant_type"].ToString();
        if (string.IsNullOrEmpty(grantType))
        {
            await OAuthError(ctx, 400, Reasons.InvalidOAuthRequest, "grant_type is required (grant_type=client_credentials).");
            return;
        }

        if (grantType != "client_credentials")
        {
            await OAuthError(ctx, 400, Reasons.UnsupportedGrantType,
                $"grant_type '{grantType}' is not supported; use client_credentials.");
            return;
        }

        var settings = services.Store.Settings;
        var now = services.Time.GetUtcNow();
        if (!services.TokenLimiter.TryAcquire(clientId, settings.TokenLimitPerHour, now, out var retryAfter))
        {
            Responses.SetRetryAfter(ctx, retryAfter, settings, services.Time.WallClockNow);
            await OAuthError(ctx, 429, "rate_limit_exceeded",
                $"Too many token requests: at most {settings.TokenLimitPerHour} an hour per client. Retry after {retryAfter} s.");
            return;
        }

        var lifetime = TimeSpan.FromSeconds(settings.TokenLifetimeSeconds);
        var token = services.Tokens.Issue(clientId, now, lifetime);
        await Responses.WriteJsonAsync(ctx, 200,
            new TokenResponse(token, (long)Math.Round(lifetime.TotalSeconds), "bearer"),
            EmulatorJsonContext.Api.TokenResponse);
    }

    private bool TryGetCredentials(HttpContext ctx, IFormCollection? form, out string clientId, out string clientSecret)
    {
        clientId = clientSecret = "";
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Substring(6).Trim()));
            }
            catch (FormatException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                return false;
            }

            clientId = decoded.Substring(0, colon);
            clientSecret = decoded.Substring(colon + 1);
            return true;
        }

        // RFC 6749 2.3.1 also allows the credentials in the form body.
        if (form is not null && form.TryGetValue("client_id", out var id) && form.TryGetValue("client_secret", out var secret)
            && !string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(secret))
        {
            clientId = id.ToString();
            clientSecret = secret.ToString();
            return true;
        }

        return false;
    }

    private static Task OAuthError(HttpContext ctx, int status, string error, string description) =>
        Responses.WriteJsonAsync(ctx, status, new OAuthErrorBody(error, description), EmulatorJsonContext.Api.OAuthErrorBody);
}
