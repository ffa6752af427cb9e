using System;
using System.Management.Automation;
using System.Security;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>Signs in to the Aura API with OAuth2 client credentials and makes the connection current.</summary>
[Cmdlet(VerbsCommunications.Connect, "Aura", DefaultParameterSetName = EnvironmentSet)]
[OutputType(typeof(AuraConnection))]
public sealed class ConnectAuraCommand : AuraCmdlet
{
    private const string ClientSecretSet = "ClientSecret";
    private const string CredentialSet = "Credential";
    private const string EnvironmentSet = "Environment";
    internal const string DefaultBaseUri = "https://api.neo4j.io";

    /// <summary>The API client id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ClientSecretSet)]
    [ValidateNotNullOrEmpty]
    public string ClientId { get; set; } = "";

    /// <summary>The API client secret.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ClientSecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>Client id (user name) and secret (password).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>The API root; default https://api.neo4j.io or $env:AURA_BASE_URI.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUri { get; set; }

    /// <summary>The API version in the path; default v1.</summary>
    [Parameter]
    [ValidatePattern("^v[0-9]+((alpha|beta)[0-9]+)?$")]
    [ArgumentCompleter(typeof(ApiVersionCompleter))]
    public string ApiVersion { get; set; } = "v1";

    /// <summary>
    /// The client-side pace of this connection: requests a minute (the API allows 125; the whole process stays under
    /// 120 per API host whatever connections ask). A lower value leaves room for other tools using the same client.
    /// </summary>
    [Parameter]
    [ValidateRange(1, AuraSharedState.DefaultRequestsPerMinute)]
    public int RequestsPerMinute { get; set; } = AuraSharedState.DefaultRequestsPerMinute;

    /// <summary>Seconds one HTTP attempt may take before it is abandoned (GETs are then tried again); default 100.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int RequestTimeoutSec { get; set; } = 100;

    /// <summary>Emit the new connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Execute()
    {
        var baseUri = ResolveBaseUri();
        string clientId;
        SecureString secret;
        switch (ParameterSetName)
        {
            case ClientSecretSet:
                clientId = ClientId.Trim();
                secret = ClientSecret!.Copy();
                break;
            case CredentialSet:
                clientId = (Credential!.UserName ?? "").Trim();
                secret = Credential.Password.Copy();
                break;
            default:
                (clientId, secret) = FromEnvironment();
                break;
        }
        if (clientId.Length == 0)
        {
            Terminate("The client id is empty.", "AuraInvalidArgument", ErrorCategory.InvalidArgument, null);
        }
        secret.MakeReadOnly();

        var options = new AuraClientOptions
        {
            BaseUri = baseUri,
            ApiVersion = ApiVersion,
            ClientId = clientId,
            ClientSecret = secret,
            RequestsPerMinute = RequestsPerMinute,
            RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
        };
        var client = new AuraClient(options);
        var connection = new AuraConnection(client);
        try
        {
            WriteVerbose(client.Transport.HasUsableToken
                ? $"Using the token this process already has for client id '{clientId}' at {baseUri} (it expires on {client.TokenExpiresOn:u})."
                : $"Requesting a token for client id '{clientId}' from {baseUri}.");
            Await(ct => client.EnsureTokenAsync(ct));
        }
        catch (AuraApiException ex)
        {
            client.Dispose();
            var refused = ex.StatusCode is 400 or 401 or 403 || ex.Category == ErrorCategory.AuthenticationError;
            var wrapped = new AuraApiException($"Connect-Aura could not sign in to {baseUri}: {ex.Message}", refused ? "AuraAuthenticationFailed" : ex.ErrorId,
                refused ? ErrorCategory.AuthenticationError : ex.Category, ex)
            {
                StatusCode = ex.StatusCode,
                RequestId = ex.RequestId,
                ApiErrors = ex.ApiErrors,
                RetryAfter = ex.RetryAfter,
                RecommendedAction = refused ? AuraErrors.CredentialsAction : ex.RecommendedAction,
            };
            ThrowTerminatingError(wrapped.ToErrorRecord(clientId));
        }

        AuraSession.Set(connection);
        AuraCache.Clear(connection);
        WriteVerbose($"Connected to {baseUri} ({ApiVersion}) as client id '{clientId}'; the token expires on {connection.TokenExpiresOn:u}.");
        if (PassThru) WriteObject(AuraOutput.Wrap(connection));
    }

    private Uri ResolveBaseUri()
    {
        var uri = BaseUri;
        if (uri is null)
        {
            var fromEnv = Environment.GetEnvironmentVariable("AURA_BASE_URI");
            if (!string.IsNullOrWhiteSpace(fromEnv))
            {
                if (!Uri.TryCreate(fromEnv!.Trim(), UriKind.Absolute, out uri))
                {
                    Terminate($"AURA_BASE_URI '{fromEnv}' is not an absolute URI.", "AuraInvalidBaseUri", ErrorCategory.InvalidArgument, fromEnv);
                }
            }
            else
            {
                uri = new Uri(DefaultBaseUri);
            }
        }
        var problem = CheckBaseUri(uri!);
        if (problem is not null) Terminate(problem, "AuraInvalidBaseUri", ErrorCategory.InvalidArgument, uri);
        return uri!;
    }

    /// <summary>Null when <paramref name="uri"/> may carry the client secret; otherwise why not.</summary>
    internal static string? CheckBaseUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri) return $"-BaseUri '{uri}' is not an absolute URI.";
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)) return $"-BaseUri '{uri}' must not have a query or fragment.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "-BaseUri must not carry a user name or password.";
        if (uri.Scheme == Uri.UriSchemeHttps) return null;
        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return uri.IsLoopback
                ? null
                : $"-BaseUri '{uri}' uses http to a host that is not this machine: the client secret must never cross a network in clear text. "
                  + "Use https, or http only to a loopback address (localhost, 127.0.0.1, ::1) such as the local Aura API emulator.";
        }
        return $"-BaseUri '{uri}' must use https (or http to a loopback address).";
    }

    private (string ClientId, SecureString Secret) FromEnvironment()
    {
        var id = Environment.GetEnvironmentVariable("AURA_CLIENT_ID");
        var secret = Environment.GetEnvironmentVariable("AURA_CLIENT_SECRET");
        var missing = new System.Collections.Generic.List<string>();
        if (string.IsNullOrWhiteSpace(id)) missing.Add("AURA_CLIENT_ID");
        if (string.IsNullOrEmpty(secret)) missing.Add("AURA_CLIENT_SECRET");
        if (missing.Count > 0)
        {
            Terminate(
                $"No credentials given and the environment variable{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing)} {(missing.Count > 1 ? "are" : "is")} not set. "
                + "Use -ClientId and -ClientSecret, or -Credential, or set AURA_CLIENT_ID and AURA_CLIENT_SECRET.",
                "AuraCredentialMissing", ErrorCategory.InvalidArgument, null);
        }
        var secure = new SecureString();
        foreach (var c in secret!) secure.AppendChar(c);
        return (id!.Trim(), secure);
    }

    private void Terminate(string message, string errorId, ErrorCategory category, object? target)
        => ThrowTerminatingError(new AuraApiException(message, errorId, category).ToErrorRecord(target));
}

/// <summary>Forgets the current connection and its cached token.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Aura")]
[OutputType(typeof(void))]
public sealed class DisconnectAuraCommand : AuraCmdlet
{
    /// <summary>The connection to forget; by default the current one.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public AuraConnection? Connection { get; set; }

    protected override void Execute()
    {
        var forgotten = AuraSession.Forget(Connection);
        var target = Connection ?? forgotten;
        if (target is null)
        {
            WriteVerbose("Not connected to Aura; nothing to forget.");
            return;
        }
        target.Client.ForgetToken();
        target.ForgetCreated();
        AuraCache.Clear(target);
        WriteVerbose($"Disconnected {target}.");
    }
}

/// <summary>The current connection (client id, base URI, API version, token expiry); never the secret or the token.</summary>
[Cmdlet(VerbsCommon.Get, "AuraConnection")]
[OutputType(typeof(AuraConnection))]
public sealed class GetAuraConnectionCommand : AuraCmdlet
{
    protected override void Execute()
    {
        var connection = AuraSession.Current;
        if (connection is not null) WriteObject(AuraOutput.Wrap(connection));
    }
}
