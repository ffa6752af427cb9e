using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>A cmdlet that talks to the Aura API: adds -Connection and resolves the connection to use.</summary>
public abstract class AuraApiCmdlet : AuraCmdlet
{
    /// <summary>Detail requests in flight at once when many objects are fetched (the pacer keeps them in the budget).</summary>
    internal const int DetailConcurrency = 8;
    private const int DetailProgressId = 4200;

    private AuraConnection? _resolved;
    private Dictionary<string, AuraTenant>? _tenants;
    private IReadOnlyList<AuraTenantSummary>? _tenantList;

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
                ThrowTerminatingError(ex.ToErrorRecord(null));
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
            tenant = Await(ct => Client.Tenants.GetAsync(tenantId, ct));
            AuraCache.RememberTenant(Conn, tenant);
            _tenants[tenantId] = tenant;
        }
        return tenant;
    }

    /// <summary>The id of an instance that came down the pipeline (AuraInstance or AuraInstanceSummary); null for anything else.</summary>
    internal static string? PipedInstanceId(PSObject? input) => input?.BaseObject switch
    {
        AuraInstance instance => instance.Id,
        AuraInstanceSummary summary => summary.Id,
        _ => null,
    };

    /// <summary>
    /// A tenant id from what the user typed: an id as it is, or a tenant name when exactly one tenant has it (the
    /// list is read once per invocation). A name no tenant has, or several have, is refused with the ids to use.
    /// </summary>
    internal string TenantIdOf(string value, string parameterName = "TenantId")
    {
        var typed = (value ?? "").Trim();
        // A blank value or one with a line break is neither an id nor a name: refused before any request. Anything
        // else may be a project name (they may hold spaces or '/'), so it is looked up in the list, never put in a path.
        if (Guid.TryParse(typed, out _) || typed.Length == 0 || typed.Any(char.IsControl)) return InputRules.Id(typed, parameterName);
        _tenantList ??= Await(ct => Client.Tenants.ListAsync(ct));
        AuraCache.RememberTenantSummaries(Conn, _tenantList, complete: true);
        var byId = _tenantList.FirstOrDefault(t => string.Equals(t.Id, typed, StringComparison.OrdinalIgnoreCase));
        if (byId is not null) return byId.Id;
        var named = _tenantList.Where(t => string.Equals(t.Name?.Trim(), typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 1)
        {
            WriteVerbose($"-{parameterName} '{typed}' is the name of tenant {named[0].Id}.");
            return named[0].Id;
        }
        var known = string.Join("; ", _tenantList.Select(t => $"{t.Name} = {t.Id}"));
        throw new AuraApiException(
            named.Count > 1
                ? $"-{parameterName} '{typed}' names {named.Count} tenants ({string.Join(", ", named.Select(t => t.Id))}): give the id of the one you mean."
                : $"-{parameterName} {AuraInput.Quote(typed)}: no tenant has this id or name. The tenants these credentials see: {(known.Length == 0 ? "none" : known)}.",
            named.Count > 1 ? "AuraTenantAmbiguous" : "AuraTenantNotFound",
            named.Count > 1 ? ErrorCategory.InvalidArgument : ErrorCategory.ObjectNotFound)
        {
            RecommendedAction = "Run Get-AuraTenant -Summary to list the tenants (projects) and their ids.",
        };
    }

    /// <summary>
    /// The instance about to be changed, for the prompt and -PassThru: fetched (and remembered), or with -WhatIf
    /// (which sends nothing at all) only what the cache knows.
    /// </summary>
    internal AuraInstance? InstanceBeforeChange(string instanceId)
    {
        if (WhatIfRequested) return AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge);
        var instance = Await(ct => Client.Instances.GetAsync(instanceId, ct));
        Remember(instance);
        return instance;
    }

    /// <summary>Remembers what a call saw for completers and prompt labels.</summary>
    internal void Remember(AuraInstance instance) => AuraCache.RememberInstance(Conn, instance);

    /// <summary>The label of an instance: its cached name when known, else only the id.</summary>
    internal string InstanceLabel(string instanceId)
        => AuraText.Instance(instanceId, AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge)?.Name);

    /// <summary>
    /// Fetches one object per item, <see cref="DetailConcurrency"/> at a time (the pacer keeps the whole within the
    /// rate budget), and hands the results back in the items' order as each is ready, with a progress bar when there
    /// are many or it takes a while. A failure of one item comes back as that item's error; cancellation stops all.
    /// </summary>
    internal IEnumerable<(TItem Item, TResult? Result, AuraApiException? Error)> FetchEach<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TResult>> fetch, string activity, Func<TItem, string> label)
        where TResult : class
    {
        if (items.Count == 0) yield break;
        // Started inside Await, so each fetch carries this invocation's trace sink (verbose/debug lines).
        var tasks = Await(ct =>
        {
            var gate = new SemaphoreSlim(DetailConcurrency);
            return Task.FromResult(items.Select(item => Throttled(gate, item, fetch, ct)).ToList());
        });
        var started = Time.GetTimestamp();
        var progress = false;
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            if (progress || items.Count > 20 || Time.GetElapsedTime(started) > TimeSpan.FromSeconds(2))
            {
                progress = true;
                // A stall at the rate limit says so, rather than looking hung for up to a minute.
                var transport = Client.Transport;
                var paced = !task.IsCompleted && (transport.Pacer.Queued > 0 || transport.HostPacer.Queued > 0);
                WriteProgress(new ProgressRecord(DetailProgressId, activity,
                    $"{i + 1} of {items.Count}: {label(items[i])}" + (paced ? $" - waiting for the rate limit ({transport.Pacer.RequestsPerMinute} requests a minute)" : ""))
                {
                    PercentComplete = i * 100 / items.Count,
                });
            }
            TResult? result = null;
            AuraApiException? error = null;
            try
            {
                result = Await(_ => task);
            }
            catch (AuraApiException ex)
            {
                error = ex;
            }
            yield return (items[i], result, error);
        }
        if (progress) WriteProgress(new ProgressRecord(DetailProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>
    /// The details of an object a list answer named: <paramref name="get"/> with its id, or, when the API listed it
    /// under an id that cannot go into a request path, an error that says so (not one that blames a parameter).
    /// </summary>
    internal static Task<TResult> FetchListed<TResult>(string id, string listed, Func<string, Task<TResult>> get)
        => AuraInput.IsValidId(id) ? get(id) : Task.FromException<TResult>(AuraErrors.UnusableListedId(listed, id));

    private static async Task<TResult> Throttled<TItem, TResult>(SemaphoreSlim gate, TItem item, Func<TItem, CancellationToken, Task<TResult>> fetch, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await fetch(item, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
