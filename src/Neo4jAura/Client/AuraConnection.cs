using System;

namespace Neo4jAura;

using Neo4jAura.Client;

/// <summary>
/// A signed-in Aura account (type name Neo4jAura.AuraConnection): what Connect-Aura makes and every
/// API cmdlet's -Connection takes. Never exposes the client secret or the token.
/// </summary>
public sealed class AuraConnection
{
    internal AuraConnection(AuraClient client)
    {
        Client = client;
    }

    internal AuraClient Client { get; }

    public string ClientId => Client.Options.ClientId;
    public Uri BaseUri => Client.Options.BaseUri;
    public string ApiVersion => Client.Options.ApiVersion;
    /// <summary>When the cached token expires (null when no token is cached).</summary>
    public DateTimeOffset? TokenExpiresOn => Client.TokenExpiresOn;

    private readonly System.Collections.Generic.List<AuraInstance> _stopped = new();

    /// <summary>
    /// New instances whose wait was stopped (Ctrl+C) before they ran, each with its one-time Credential: created in
    /// Aura, their passwords would otherwise be lost. Read them, store the passwords, then Disconnect-Aura forgets them.
    /// </summary>
    public AuraInstance[] StoppedInstances
    {
        get { lock (_stopped) return _stopped.ToArray(); }
    }

    internal void KeepStopped(AuraInstance created)
    {
        lock (_stopped) _stopped.Add(created);
    }

    public override string ToString() => $"{ClientId} @ {BaseUri} ({ApiVersion})";
}
