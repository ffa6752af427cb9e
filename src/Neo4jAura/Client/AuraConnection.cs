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

    /// <summary>How many new instances <see cref="CreatedInstances"/> keeps (the newest).</summary>
    internal const int CreatedKept = 50;
    private readonly System.Collections.Generic.List<AuraInstance> _created = new();

    /// <summary>
    /// The instances this connection created (New-AuraInstance, Copy-AuraInstance, Restore-AuraSnapshot -Name), newest
    /// last, each as Aura answered the create with its one-time Credential: a safety net, so that a password whose
    /// output was not stored in a variable, or whose wait was stopped with Ctrl+C, is not lost. Kept in memory only
    /// (never serialised); Disconnect-Aura forgets them.
    /// </summary>
    public AuraInstance[] CreatedInstances
    {
        get { lock (_created) return _created.ToArray(); }
    }

    internal void KeepCreated(AuraInstance created)
    {
        lock (_created)
        {
            _created.Add(created);
            if (_created.Count > CreatedKept) _created.RemoveAt(0);
        }
    }

    internal void ForgetCreated()
    {
        lock (_created) _created.Clear();
    }

    public override string ToString() => $"{ClientId} @ {BaseUri} ({ApiVersion})";
}
