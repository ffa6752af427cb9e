using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Emulator;
using Xunit;

namespace Neo4jAura.Tests.Reliability;

/// <summary>
/// The module in a hosted engine under a recording host, against the in-process emulator: Connect-Aura,
/// New-AuraInstance -Wait and Restore-AuraSnapshot -Wait (with progress), Invoke-AuraApi, with -Verbose, -Debug and
/// every preference on. The exact bearer token the module holds (read from its cache), the client secret and the
/// one-time passwords must appear in no stream, no progress record, no host line, no output's text.
/// </summary>
[Xunit.Collection("The process's Aura session")]
public sealed class SecretStreamTests : IAsyncLifetime
{
    private const string ClientSecret = "emu-Secret-4b1d8e2f9a7c";
    private const string Tenant = "5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f";
    private EmulatorServer _emu = null!;

    public async Task InitializeAsync()
    {
        _emu = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            ClientId = "secret-scan",
            ClientSecret = ClientSecret,
            TransitionTime = TimeSpan.FromSeconds(1),
            SnapshotTime = TimeSpan.FromSeconds(1),
            RateLimitPerMinute = 0,
            TokenLimitPerHour = 0,
        });
    }

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return string.Concat(Encoding.Unicode.GetBytes(secret).Select(b => b.ToString("x2")));
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
    }

    [Fact]
    public void No_secret_in_any_stream_progress_record_host_line_or_output_text()
    {
        using var host = new HostedPowerShell();
        var vars = new Dictionary<string, object?>
        {
            ["id"] = _emu.ClientId,
            ["secret"] = StubAura.Secure(ClientSecret),
            ["base"] = _emu.BaseUri.ToString(),
            ["tenant"] = Tenant,
        };
        const string prefs = "$DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'; $ProgressPreference = 'Continue'; ";
        host.Run(prefs + "Connect-Aura -ClientId $id -ClientSecret $secret -BaseUri $base -PassThru -Verbose -Debug", vars);
        host.Run(prefs + "New-AuraInstance -Name 'progress-scan' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Wait -TimeoutSec 60 -PollIntervalSec 1 -Verbose -Debug -Confirm:$false");
        host.Run(prefs + "Get-AuraSnapshot -InstanceId a1b2c3d4 -Latest -Exportable | Restore-AuraSnapshot -Name 'progress-restore' -Wait -TimeoutSec 60 -Verbose -Debug -Confirm:$false");
        host.Run(prefs + "Invoke-AuraApi -Method GET -Path /instances -Verbose -Debug; Get-AuraConnection | Format-List * | Out-String -Width 300");
        host.Run(prefs + "Get-AuraInstance | Format-Table | Out-Host; $Error | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 300 }");

        // What there is to find.
        var connection = host.Outputs.Select(o => o.BaseObject).OfType<AuraConnection>().First();
        var token = connection.Client.Transport.TokenCache.Current?.AccessToken;
        Assert.False(string.IsNullOrEmpty(token));
        var passwords = host.Outputs
            .Select(o => o.BaseObject).OfType<AuraInstance>().Where(i => i.Credential is not null)
            .Select(i => i.Credential!.GetNetworkCredential().Password)
            .ToList();
        Assert.True(passwords.Count == 2, $"{passwords.Count} passwords; errors: {string.Join(" | ", host.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message))}");
        Assert.NotEmpty(host.Progress.Concat(host.Host.Progress));   // -Wait reported progress, and it was captured
        Assert.Contains(host.AllText(), t => t.Contains("GET /instances", StringComparison.Ordinal));   // verbose request lines are there

        var secrets = new List<string> { ClientSecret, token! };
        secrets.AddRange(passwords);
        var all = string.Join("\n", host.AllText());
        foreach (var secret in secrets)
        {
            foreach (var form in Forms(secret))
            {
                Assert.False(all.Contains(form, StringComparison.Ordinal), $"a secret starting '{secret[..3]}' appeared in the streams");
            }
        }
    }

    [Fact]
    public void No_public_member_of_the_module_hands_out_the_token_or_the_secret()
    {
        using var host = new HostedPowerShell();
        host.Run("Connect-Aura -ClientId $id -ClientSecret $secret -BaseUri $base -PassThru", new Dictionary<string, object?>
        {
            ["id"] = _emu.ClientId,
            ["secret"] = StubAura.Secure(ClientSecret),
            ["base"] = _emu.BaseUri.ToString(),
        });
        var connection = host.Outputs.Select(o => o.BaseObject).OfType<AuraConnection>().Single();
        var token = connection.Client.Transport.TokenCache.Current!.AccessToken;

        // The connection's public surface: read every public property (recursively one level) and ToString.
        var seen = new List<string> { connection.ToString() };
        foreach (var p in typeof(AuraConnection).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = p.GetValue(connection);
            seen.Add(Convert.ToString(value) ?? "");
            if (value is null || value is string || value.GetType().IsPrimitive) continue;
            foreach (var q in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(q => q.GetIndexParameters().Length == 0))
            {
                try { seen.Add(Convert.ToString(q.GetValue(value)) ?? ""); } catch (TargetInvocationException) { }
            }
        }
        Assert.DoesNotContain(seen, s => s.Contains(token, StringComparison.Ordinal) || s.Contains(ClientSecret, StringComparison.Ordinal));

        // No public type of Neo4jAura.dll has a public string or SecureString member named like a token or secret, and
        // no public member returns the internal token types.
        var assembly = typeof(AuraConnection).Assembly;
        var suspicious = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var m in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (m is MethodInfo { IsSpecialName: true }) continue; // property accessors: checked as properties
                var returns = m switch
                {
                    PropertyInfo p => p.PropertyType,
                    FieldInfo f => f.FieldType,
                    MethodInfo mi => mi.ReturnType,
                    _ => null,
                };
                if (returns is null) continue;
                var named = m.Name.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0 || m.Name.IndexOf("secret", StringComparison.OrdinalIgnoreCase) >= 0
                    || m.Name.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0;
                // A cmdlet's SecureString parameter (Connect-Aura -ClientSecret) takes a secret in; it hands nothing out.
                var secureParameter = m is PropertyInfo pi && pi.PropertyType == typeof(System.Security.SecureString)
                    && typeof(System.Management.Automation.Cmdlet).IsAssignableFrom(type)
                    && pi.GetCustomAttributes<System.Management.Automation.ParameterAttribute>().Any();
                if (named && !secureParameter && (returns == typeof(string) || returns == typeof(System.Security.SecureString) || returns == typeof(byte[])))
                {
                    suspicious.Add($"{type.FullName}.{m.Name}");
                }
                if (returns == typeof(AuraCachedToken) || returns == typeof(AuraTokenCache) || returns == typeof(AuraClient))
                {
                    suspicious.Add($"{type.FullName}.{m.Name} returns {returns.Name}");
                }
            }
        }
        Assert.Empty(suspicious);
    }
}
