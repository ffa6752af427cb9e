using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Neo4jAura.Emulator.Pipeline;

public enum TokenCheck
{
    Valid,
    Unknown,
    Expired,
}

/// <summary>Client credentials and the bearer tokens issued to them.</summary>
public sealed class TokenService
{
    private readonly Dictionary<string, byte[]> clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IssuedToken> tokens = new(StringComparer.Ordinal);

    public TokenService(IEnumerable<KeyValuePair<string, string>> clientCredentials)
    {
        foreach (var (id, secret) in clientCredentials)
        {
            clients[id] = Encoding.UTF8.GetBytes(secret);
        }
    }

    /// <summary>True when the pair matches a configured client (compared in constant time).</summary>
    public bool CheckCredentials(string clientId, string clientSecret)
    {
        if (!clients.TryGetValue(clientId, out var expected))
        {
            // Compare anyway so an unknown id takes as long as a wrong secret.
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(clientSecret));
            return false;
        }

        var given = Encoding.UTF8.GetBytes(clientSecret);
        return given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected);
    }

    public string Issue(string clientId, DateTimeOffset now, TimeSpan lifetime)
    {
        Prune(now);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        tokens[token] = new IssuedToken(clientId, now + lifetime);
        return token;
    }

    public TokenCheck Validate(string token, DateTimeOffset now, out string? clientId)
    {
        clientId = null;
        if (!tokens.TryGetValue(token, out var issued))
        {
            return TokenCheck.Unknown;
        }

        clientId = issued.ClientId;
        return issued.ForcedExpired || now >= issued.ExpiresAt ? TokenCheck.Expired : TokenCheck.Valid;
    }

    /// <summary>Every issued token becomes unknown (401).</summary>
    public int RevokeAll()
    {
        var count = tokens.Count;
        tokens.Clear();
        return count;
    }

    /// <summary>Every issued token counts as expired (403).</summary>
    public int ExpireAll()
    {
        var count = 0;
        foreach (var token in tokens.Values)
        {
            token.ForcedExpired = true;
            count++;
        }

        return count;
    }

    public int Count => tokens.Count;

    /// <summary>Forgets tokens that expired more than a day ago (they then answer 401 rather than 403).</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, value) in tokens)
        {
            if (value.ExpiresAt + TimeSpan.FromDays(1) < now)
            {
                tokens.TryRemove(key, out _);
            }
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class IssuedToken
    {
        public IssuedToken(string clientId, DateTimeOffset expiresAt)
        {
            ClientId = clientId;
            ExpiresAt = expiresAt;
        }

        public string ClientId { get; }
        public DateTimeOffset ExpiresAt { get; }
        public volatile bool ForcedExpired;
    }
}
