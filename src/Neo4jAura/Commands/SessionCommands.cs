using System;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>Gets graph analytics (GDS) sessions, all or by id, filtered by instance, tenant or organisation.</summary>
[Cmdlet(VerbsCommon.Get, "AuraGraphAnalyticsSession", DefaultParameterSetName = ListSet)]
[OutputType(typeof(AuraGraphAnalyticsSession))]
public sealed class GetAuraGraphAnalyticsSessionCommand : AuraApiCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>Sessions to get by id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GraphAnalyticsSessionIdCompleter))]
    public string[] SessionId { get; set; } = Array.Empty<string>();

    /// <summary>Only sessions attached to this instance.</summary>
    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string? InstanceId { get; set; }

    /// <summary>Only sessions of this tenant (its id, or its name when unambiguous).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string? TenantId { get; set; }

    /// <summary>Only sessions of this organisation.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? OrganizationId { get; set; }

    /// <summary>
    /// What came down the pipeline: an instance (Get-AuraInstance) lists its sessions, a string is a session id, a
    /// session (or anything with an Id) is read again by its id.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    protected override void Execute()
    {
        // An instance's Id would otherwise bind -SessionId (alias Id): it names the instance whose sessions to list.
        if (PipedInstanceId(InputObject) is { } pipedInstance)
        {
            CurrentTarget = pipedInstance;
            foreach (var session in Await(ct => Client.Sessions.ListAsync(InputRules.Id(pipedInstance, nameof(InstanceId)), null, null, ct))) Emit(session);
            return;
        }
        var sessionIds = ParameterSetName == ListSet && InputObject?.BaseObject is string pipedId ? new[] { pipedId } : SessionId;
        if (sessionIds.Length > 0)
        {
            foreach (var raw in sessionIds)
            {
                CurrentTarget = raw;
                try
                {
                    var id = InputRules.Id(raw, nameof(SessionId));
                    Emit(Await(ct => Client.Sessions.GetAsync(id, ct)));
                }
                catch (AuraApiException ex)
                {
                    WriteError(ex.ToErrorRecord(raw));
                }
            }
            return;
        }
        var instanceId = InstanceId is null ? null : InputRules.Id(InstanceId, nameof(InstanceId));
        var tenantId = TenantId is null ? null : TenantIdOf(TenantId);
        var organizationId = OrganizationId is null ? null : InputRules.Id(OrganizationId, nameof(OrganizationId));
        foreach (var session in Await(ct => Client.Sessions.ListAsync(instanceId, tenantId, organizationId, ct))) Emit(session);
    }

    private void Emit(AuraGraphAnalyticsSession session)
    {
        AuraCache.RememberSessions(Conn, new[] { session });
        WriteObject(AuraOutput.Wrap(session));
    }
}

/// <summary>
/// Gets or creates a graph analytics session: attached to an instance (-InstanceId), or standalone in a tenant, cloud
/// and region. An existing session with the same name and settings comes back as it is (no error); one with the same
/// name but other settings is an error. -Wait until it is Ready.
/// </summary>
[Cmdlet(VerbsCommon.New, "AuraGraphAnalyticsSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AttachedSet)]
[OutputType(typeof(AuraGraphAnalyticsSession))]
public sealed class NewAuraGraphAnalyticsSessionCommand : AuraOperationCmdlet<AuraGraphAnalyticsSession>
{
    private const string AttachedSet = "Attached";
    private const string StandaloneSet = "Standalone";

    /// <summary>The session's name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Memory, e.g. 8GB (Get-AuraGraphAnalyticsSessionSizing recommends one).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Memory { get; set; } = "";

    /// <summary>How long the session may stay idle before it expires (default: Aura's, one hour).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public TimeSpan? Ttl { get; set; }

    /// <summary>The instance to attach the session to (an instance piped in binds by its Id).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = AttachedSet)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>The database of the instance (its UUID), when not the default.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = AttachedSet)]
    [ValidateNotNullOrEmpty]
    public string? DatabaseUuid { get; set; }

    /// <summary>The tenant of a standalone session (its id, or its name when unambiguous). Given, not piped: an instance piped in would bind it too.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StandaloneSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string TenantId { get; set; } = "";

    /// <summary>gcp, aws or azure (standalone).</summary>
    [Parameter(Mandatory = true, ParameterSetName = StandaloneSet)]
    [ValidateSet("gcp", "aws", "azure")]
    public string CloudProvider { get; set; } = "";

    /// <summary>The region of a standalone session.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StandaloneSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string Region { get; set; } = "";

    internal static readonly StatusGoal<AuraGraphAnalyticsSession> SessionReady = new("Ready", s => s.Status, "AuraGraphAnalyticsSessionFailed",
        "Check the session with Get-AuraGraphAnalyticsSession; remove it and create it again (New-AuraGraphAnalyticsSession).", "Failed", "Expired");

    internal override CmdletWaiter<AuraGraphAnalyticsSession> CreateWaiter()
        => StatusWaiter(Client.Sessions.GetAsync, SessionReady, session => AuraOutput.Wrap(session));

    protected override void Execute()
    {
        CurrentTarget = Name;
        var name = Name.Trim();
        if (name.Length == 0 || name.Any(char.IsControl)) throw InputRules.Invalid("-Name must not be empty or hold control characters.");
        var memory = InputRules.Size(Memory, nameof(Memory));
        if (Ttl is { } ttl && (ttl <= TimeSpan.Zero || ttl > TimeSpan.FromDays(7)))
        {
            throw InputRules.Invalid($"-Ttl {ttl} is out of range: give a positive time span of at most 7 days (e.g. (New-TimeSpan -Minutes 30)).");
        }
        var request = new CreateSessionRequest { Name = name, Memory = memory.Text, Ttl = Ttl is { } t ? AuraDuration.Format(t) : null };
        string where;
        if (ParameterSetName == StandaloneSet)
        {
            request.TenantId = TenantIdOf(TenantId);
            request.CloudProvider = CloudProvider.ToLowerInvariant();
            request.Region = Region.Trim();
            where = $"{request.CloudProvider} {request.Region}, tenant {request.TenantId}";
        }
        else
        {
            request.InstanceId = InputRules.Id(InstanceId, nameof(InstanceId));
            request.DatabaseUuid = DatabaseUuid is null ? null : InputRules.Id(DatabaseUuid, nameof(DatabaseUuid));
            where = "attached to " + InstanceLabel(request.InstanceId);
        }

        MakeRoomIfWaiting();
        if (!ShouldProceed($"graph analytics session '{name}'", $"Get or create ({memory}, {where}{(request.Ttl is null ? "" : ", idle for at most " + request.Ttl)})", force: false)) return;

        var (session, created) = Await(ct => Client.Sessions.GetOrCreateAsync(request, ct));
        WriteVerbose(created ? $"Aura is creating session {session.Id}." : $"Session '{name}' exists with these settings ({session.Id}): using it.");
        if (!Wait && string.IsNullOrEmpty(session.Status) && !string.IsNullOrEmpty(session.Id))
        {
            // Aura's 202 leaves the status (and the expiry) empty: read the session once so the output says Creating.
            try
            {
                session = Await(ct => Client.Sessions.GetAsync(session.Id, ct));
            }
            catch (AuraApiException ex)
            {
                WriteVerbose($"Could not read session {session.Id} back ({ex.Message}); showing Aura's answer to the create.");
            }
        }
        AuraCache.RememberSessions(Conn, new[] { session });
        EmitOrWait(() => AuraOutput.Wrap(session), () => new WaitItem<AuraGraphAnalyticsSession>(session.Id, $"session {session.Name} ({session.Id})", session, session.Status, session)
        {
            Expectation = SessionReady.Description,
        });
    }
}

/// <summary>Deletes a graph analytics session (High impact: prompts unless -Force; -WhatIf sends nothing).</summary>
[Cmdlet(VerbsCommon.Remove, "AuraGraphAnalyticsSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAuraGraphAnalyticsSessionCommand : AuraApiCmdlet
{
    /// <summary>The session to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GraphAnalyticsSessionIdCompleter))]
    public string SessionId { get; set; } = "";

    /// <summary>Delete without prompting (-WhatIf still only reports).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void Execute()
    {
        CurrentTarget = SessionId;
        var id = InputRules.Id(SessionId, nameof(SessionId));
        var name = AuraCache.KnownSessions(Conn, AuraCache.LabelMaxAge).FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase))?.Name;
        var label = name is null ? $"graph analytics session {id}" : $"graph analytics session {name} ({id})";
        if (!ShouldProceed(label, "Delete the session (its in-memory graphs and results are lost)", Force, forceHint: true)) return;
        Await(ct => Client.Sessions.DeleteAsync(id, ct));
        AuraCache.ForgetSession(Conn, id);
    }
}
