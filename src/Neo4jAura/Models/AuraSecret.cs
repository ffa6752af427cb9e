using System;
using System.Management.Automation;
using System.Security;

namespace Neo4jAura;

/// <summary>
/// A secret value in an answer the module does not model (Invoke-AuraApi: a one-time password, a token, ...), held as
/// a SecureString (type name Neo4jAura.AuraSecret). It shows as ***, serialises (Export-Clixml, jobs, remoting) as ***,
/// and gives its value only on purpose: GetCredential() (a PSCredential with the answer's user name) or GetSecureString().
/// </summary>
public sealed class AuraSecret
{
    private readonly SecureString _value;

    internal AuraSecret(SecureString value, string? userName = null)
    {
        _value = value;
        if (!_value.IsReadOnly()) _value.MakeReadOnly();
        UserName = userName;
    }

    /// <summary>The user name the answer gave beside the secret (e.g. neo4j), if any.</summary>
    public string? UserName { get; internal set; }

    /// <summary>A credential with the secret as its password (user name: <see cref="UserName"/>, else neo4j).</summary>
    public PSCredential GetCredential() => new(string.IsNullOrEmpty(UserName) ? "neo4j" : UserName, _value.Copy());

    /// <summary>A copy of the secret as a SecureString.</summary>
    public SecureString GetSecureString() => _value.Copy();

    internal static AuraSecret FromText(string text, string? userName = null)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return new AuraSecret(secure, userName);
    }

    public override string ToString() => "***";
}
