using System;
using System.Collections.Generic;
using System.Management.Automation;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Neo4jAura.Models;
using Neo4jAura.Completers;

namespace Neo4jAura.Commands;

/// <summary>A cmdlet that talks to the Aura API: adds -Connection and resolves the connection to use.</summary>
public abstract class AuraApiCmdlet : AuraCmdlet
{
    private AuraConnection? _resolved;
    private Dictionary<string, AuraTenant>? _tenants;

    /// <summary>The account to use; by default the one Connect-Aura made (in this runspace, else in the process).</summary>
    [Parameter]
    [ValidateNotNull]
    public AuraConnection? Connection { get; set; }

    /// <summary>The connection this invocation uses; a terminating AuraNotConnected error when there is none.</summary>
    internal AuraConnection Conn
    {
        get
        {
            if (_resolved is not null) return _resolved;
            _resolved = Connection ?? AuraSession.Current;
            if (_resolved is null)
            {
                var ex = new AuraApiException("Not connected to Aura. Run Connect-Aura first.", "AuraNotConnected", ErrorCategory.AuthenticationError)
                {
                    RecommendedAction = "Run Connect-Aura (or pass -Connection).",
                };
                var record = new ErrorRecord(ex, "AuraNotConnected", ErrorCategory.AuthenticationError, null)
                {
                    ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction },
                };
                ThrowTerminatingError(record);
            }
            return _resolved!;
        }
    }

    internal AuraClient Client => Conn.Client;

    /// <summary>The clock of waits (the system's; the scheduling itself is tested with a fake one).</summary>
    internal static TimeProvider Time => TimeProvider.System;

    /// <summary>The tenant, fetched once per invocation (and remembered for completers).</summary>
    internal AuraTenant TenantOnce(string tenantId)
    {
        _tenants ??= new Dictionary<string, AuraTenant>(StringComparer.OrdinalIgnoreCase);
        if (!_tenants.TryGetValue(tenantId, out var tenant))
        {
            tenant = Await(ct => Client.GetTenantAsync(tenantId, ct));
            AuraCache.RememberTenant(Conn, tenant);
            _tenants[tenantId] = tenant;
        }
        return tenant;
    }

    /// <summary>
    /// The instance about to be changed, for the prompt and -PassThru: fetched (and remembered), or with -WhatIf
    /// (which sends nothing at all) only what the cache knows.
    /// </summary>
    internal AuraInstance? InstanceBeforeChange(string instanceId)
    {
        if (WhatIfRequested) return AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge);
        var instance = Await(ct => Client.GetInstanceAsync(instanceId, ct));
        Remember(instance);
        return instance;
    }

    /// <summary>Remembers what a call saw for completers and prompt labels.</summary>
    internal void Remember(AuraInstance instance) => AuraCache.RememberInstance(Conn, instance);

    /// <summary>The label of an instance: its cached name when known, else only the id.</summary>
    internal string InstanceLabel(string instanceId)
        => AuraText.Instance(instanceId, AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge)?.Name);
}
