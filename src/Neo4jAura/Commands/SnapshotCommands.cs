using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Models;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>Gets the snapshots of an instance, newest first, with the console's filters.</summary>
[Cmdlet(VerbsCommon.Get, "AuraSnapshot")]
[OutputType(typeof(AuraSnapshot))]
public sealed class GetAuraSnapshotCommand : AuraApiCmdlet
{
    /// <summary>The instance whose snapshots to get.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>Particular snapshots to get.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotIdCompleter))]
    public string[]? SnapshotId { get; set; }

    /// <summary>Only the newest (by Timestamp) after the other filters.</summary>
    [Parameter] public SwitchParameter Latest { get; set; }

    /// <summary>Only snapshots with this status (Completed, InProgress, Failed, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotStatusCompleter))]
    public string? Status { get; set; }

    /// <summary>Only exportable snapshots (the console's "Show exportable only").</summary>
    [Parameter] public SwitchParameter Exportable { get; set; }

    /// <summary>Only snapshots taken at or after this time.</summary>
    [Parameter] public DateTimeOffset? Since { get; set; }

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var instanceId = InputRules.Id(InstanceId, nameof(InstanceId));
        var found = new List<AuraSnapshot>();
        if (SnapshotId is null)
        {
            var listed = Await(ct => Client.ListSnapshotsAsync(instanceId, ct));
            foreach (var s in listed) if (string.IsNullOrEmpty(s.InstanceId)) s.InstanceId = instanceId;
            AuraCache.RememberSnapshots(Conn, instanceId, listed);
            found.AddRange(listed);
        }
        else
        {
            foreach (var raw in SnapshotId)
            {
                try
                {
                    var snapshotId = InputRules.Id(raw, nameof(SnapshotId));
                    var snapshot = Await(ct => Client.GetSnapshotAsync(instanceId, snapshotId, ct));
                    if (string.IsNullOrEmpty(snapshot.InstanceId)) snapshot.InstanceId = instanceId;
                    found.Add(snapshot);
                }
                catch (AuraApiException ex)
                {
                    WriteError(ex.ToErrorRecord(raw));
                }
            }
        }

        foreach (var snapshot in Select(found, Status, Exportable, Since, Latest)) WriteObject(AuraOutput.Wrap(snapshot));
    }

    /// <summary>The filters, newest first; -Latest keeps the first after the others.</summary>
    internal static IEnumerable<AuraSnapshot> Select(IEnumerable<AuraSnapshot> snapshots, string? status, bool exportable, DateTimeOffset? since, bool latest)
    {
        var selected = snapshots
            .Where(s => status is null || string.Equals(s.Status, status.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(s => !exportable || s.Exportable == true)
            .Where(s => since is null || (s.Timestamp is { } t && t >= since.Value))
            .OrderByDescending(s => s.Timestamp ?? DateTimeOffset.MinValue)
            .ThenBy(s => s.SnapshotId, StringComparer.Ordinal);
        return latest ? selected.Take(1) : selected;
    }
}

/// <summary>Takes an on-demand snapshot of an instance.</summary>
[Cmdlet(VerbsCommon.New, "AuraSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(AuraSnapshot))]
public sealed class NewAuraSnapshotCommand : AuraOperationCmdlet<AuraSnapshot>
{
    /// <summary>The instance to snapshot.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>Snapshots waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal override CmdletWaiter<AuraSnapshot> CreateWaiter() => SnapshotWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));
        var label = InstanceLabel(id);
        MakeRoomIfWaiting();
        if (!ShouldProceed(label, "Take a snapshot", force: false)) return;

        var snapshot = Await(ct => Client.CreateSnapshotAsync(id, ct));
        if (string.IsNullOrEmpty(snapshot.InstanceId)) snapshot.InstanceId = id;
        EmitOrWait(() => AuraOutput.Wrap(snapshot), () => SnapshotWait(id, snapshot.SnapshotId, label, snapshot, snapshot.Status, InstanceId));
    }
}

/// <summary>Waits until snapshots are Completed; a Failed one is an error carrying the snapshot.</summary>
[Cmdlet(VerbsLifecycle.Wait, "AuraSnapshot")]
[OutputType(typeof(AuraSnapshot))]
public sealed class WaitAuraSnapshotCommand : AuraWaitingCmdlet<AuraSnapshot>
{
    /// <summary>The instance the snapshot belongs to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>The snapshots to wait for.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotIdCompleter))]
    public string[] SnapshotId { get; set; } = Array.Empty<string>();

    internal override CmdletWaiter<AuraSnapshot> CreateWaiter() => SnapshotWaiter(1000);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var instanceId = InputRules.Id(InstanceId, nameof(InstanceId));
        var label = InstanceLabel(instanceId);
        foreach (var raw in SnapshotId)
        {
            try
            {
                var snapshotId = InputRules.Id(raw, nameof(SnapshotId));
                MakeRoom();
                var known = new AuraSnapshot { InstanceId = instanceId, SnapshotId = snapshotId };
                AddWait(SnapshotWait(instanceId, snapshotId, label, known, null, raw), pollNow: true);
            }
            catch (AuraApiException ex)
            {
                WriteError(ex.ToErrorRecord(raw));
            }
        }
    }
}
