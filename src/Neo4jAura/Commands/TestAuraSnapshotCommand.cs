using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>
/// Proves that snapshots can be restored, and how fast. For each instance (or snapshot) it finds the newest Completed,
/// exportable snapshot (RPO: its age); with -NoRestore that is all (an audit, nothing is created). Otherwise it drills:
/// clones the snapshot into a scratch instance (the smallest memory the tenant offers, unless -Memory), waits until it
/// runs (RTO: request to running), runs the -Test script block with it, and removes it in every outcome (success,
/// failure, timeout, Ctrl+C) unless -KeepInstance. Many drills run together (-ThrottleLimit); Aura's instance limit
/// (405) makes a drill wait for a slot, not fail.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "AuraSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InstanceSet)]
[OutputType(typeof(AuraSnapshotTest))]
public sealed class TestAuraSnapshotCommand : AuraWaitingCmdlet<AuraInstance>
{
    private const string InstanceSet = "Instance";
    private const string SnapshotSet = "Snapshot";
    /// <summary>How long removing a scratch instance may wait for Aura to allow it (it may still be creating).</summary>
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(5);
    /// <summary>How long a drill waits before trying again when Aura's instance limit is reached and nothing else runs.</summary>
    private static readonly TimeSpan SlotRetry = TimeSpan.FromSeconds(30);
    private const int MaxScratchNameLength = 30;

    private readonly List<Drill> _active = new();

    /// <summary>The instance whose snapshots to test (pipeline: Get-AuraInstance).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>A particular snapshot to test (pipeline: Get-AuraSnapshot); by default the newest Completed, exportable one.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = SnapshotSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotIdCompleter))]
    public string SnapshotId { get; set; } = "";

    /// <summary>Only check that a good snapshot exists within -MaxSnapshotAge: nothing is created.</summary>
    [Parameter] public SwitchParameter NoRestore { get; set; }

    /// <summary>The oldest a snapshot may be to pass (default 1 day with -NoRestore; checked in drills when given).</summary>
    [Parameter] public TimeSpan MaxSnapshotAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many days back to look for the newest good snapshot (default 7).</summary>
    [Parameter(ParameterSetName = InstanceSet)]
    [ValidateRange(1, 90)]
    public int MaxAgeDays { get; set; } = 7;

    /// <summary>Memory of the scratch instance (default: the smallest the tenant offers for the instance's type and region).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MemoryCompleter))]
    public string? Memory { get; set; }

    /// <summary>
    /// Run with the scratch instance once it runs ($_ and $args[0]: the instance, with its one-time Credential and
    /// ConnectionUrl). What it returns becomes TestResult; a throw, or a lone $false, fails the drill.
    /// </summary>
    [Parameter] public ScriptBlock? Test { get; set; }

    /// <summary>Keep the scratch instance (it costs money until you remove it).</summary>
    [Parameter] public SwitchParameter KeepInstance { get; set; }

    /// <summary>Drills at once (default 3).</summary>
    [Parameter][ValidateRange(1, 50)] public int ThrottleLimit { get; set; } = 3;

    internal override CmdletWaiter<AuraInstance> CreateWaiter()
    {
        var set = new WaitSet<AuraInstance>(Time, new InstancePoller(new ClientSource(Client)), new WaitPolicy
        {
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            FixedInterval = MyInvocation.BoundParameters.ContainsKey(nameof(PollIntervalSec)) ? TimeSpan.FromSeconds(PollIntervalSec) : null,
            ThrottleLimit = ThrottleLimit,
            RequestsPerMinute = Client.Transport.Pacer.RequestsPerMinute,
        });
        return new CmdletWaiter<AuraInstance>(this, set, Time, _ => null, finish: Finish);
    }

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));
        var source = Await(ct => Client.Instances.GetAsync(id, ct));
        Remember(source);
        var result = new AuraSnapshotTest { InstanceId = id, InstanceName = source.Name };

        var snapshot = ParameterSetName == SnapshotSet
            ? Await(ct => Client.Snapshots.GetAsync(id, InputRules.Id(SnapshotId, nameof(SnapshotId)), ct))
            : Newest(id);
        if (snapshot is null)
        {
            Report(result, $"No Completed, exportable snapshot of {AuraText.Instance(id, source.Name)} in the last {MaxAgeDays} days.", "AuraSnapshotMissing", ErrorCategory.ObjectNotFound);
            return;
        }
        var now = Time.GetUtcNow();
        result.SnapshotId = snapshot.SnapshotId;
        result.SnapshotTime = snapshot.Timestamp;
        result.SnapshotAge = snapshot.Timestamp is { } t ? now - t : null;
        result.Exportable = snapshot.Exportable;
        var tooOld = AgeProblem(result, checkAge: NoRestore || MyInvocation.BoundParameters.ContainsKey(nameof(MaxSnapshotAge)));

        if (NoRestore)
        {
            var unusable = Unusable(snapshot);
            if (unusable is not null || tooOld is not null) Report(result, unusable ?? tooOld!, "AuraSnapshotTooOld", ErrorCategory.InvalidResult);
            else Report(result, null, null, ErrorCategory.NotSpecified);
            return;
        }
        if (Unusable(snapshot) is { } problem)
        {
            Report(result, problem, "AuraSnapshotNotExportable", ErrorCategory.InvalidOperation);
            return;
        }

        var request = ScratchRequest(source, snapshot);
        var target = AuraText.Snapshot(snapshot.SnapshotId, id, source.Name);
        var action = $"Restore drill: create scratch instance '{request.Name}' ({AuraText.Shape(request.Type, request.Memory, request.Storage, request.CloudProvider, request.Region)}) from it, "
                     + (Test is null ? "wait until it runs" : "run the -Test script with it") + (KeepInstance ? ", keep it" : ", then remove it");
        MakeRoom();
        if (!ShouldProceed(target, action, force: false)) return;

        var drill = new Drill(source, result, tooOld) { RequestedAt = Time.GetTimestamp() };
        var created = CreateWhenThereIsRoom(request, drill);
        drill.Scratch = created;
        result.ScratchInstanceId = created.Id;
        result.ScratchInstanceName = created.Name;
        lock (_active) _active.Add(drill);
        AddWait(new WaitItem<AuraInstance>(created.Id, $"{source.Name ?? id}: drill {created.Name}", created, created.Status, result)
        {
            Goal = InstanceGoal.Running(),
            Expectation = "running",
            Tag = drill,
        });
    }

    /// <summary>The newest Completed, exportable snapshot, looking back day by day (today first) up to -MaxAgeDays.</summary>
    private AuraSnapshot? Newest(string instanceId)
    {
        var today = Time.GetUtcNow().UtcDateTime.Date;
        for (var d = 0; d < MaxAgeDays; d++)
        {
            var day = today.AddDays(-d);
            var listed = Await(ct => Client.Snapshots.ListAsync(instanceId, d == 0 ? null : day, ct));
            var good = GetAuraSnapshotCommand.Newest(listed.Where(s => Unusable(s) is null), latest: true).FirstOrDefault();
            if (good is not null) return good;
        }
        return null;
    }

    /// <summary>Why a new instance cannot be made from the snapshot, or null.</summary>
    private static string? Unusable(AuraSnapshot s)
        => !string.Equals(s.Status, "Completed", StringComparison.OrdinalIgnoreCase) ? $"Snapshot {s.SnapshotId} is {s.Status ?? "of unknown status"}, not Completed."
         : s.Exportable != true ? $"Snapshot {s.SnapshotId} is not exportable: a new instance cannot be made from it."
         : null;

    private string? AgeProblem(AuraSnapshotTest result, bool checkAge)
    {
        if (!checkAge) return null;
        if (result.SnapshotAge is not { } age) return $"Snapshot {result.SnapshotId} has no timestamp, so its age is unknown.";
        return age > MaxSnapshotAge ? $"The newest good snapshot is {AuraErrors.FormatDuration(age)} old, more than -MaxSnapshotAge {AuraErrors.FormatDuration(MaxSnapshotAge)}." : null;
    }

    /// <summary>The clone request: the source's type, cloud and region, the smallest memory offered there (or -Memory), a drill name.</summary>
    private CreateInstanceRequest ScratchRequest(AuraInstance source, AuraSnapshot snapshot)
    {
        var tenant = TenantOnce(source.TenantId ?? throw InputRules.Invalid($"{AuraText.Instance(source.Id, source.Name)} does not report its tenant."));
        var offered = tenant.InstanceConfigurations
            .Where(c => Same(c.Type, source.Type) && Same(c.Region, source.Region) && Same(c.CloudProvider, source.CloudProvider) && c.Memory is { Bytes: not null })
            .OrderBy(c => c.Memory).ThenBy(c => c.Storage).ToList();
        AuraSize memory;
        AuraSize? storage;
        if (Memory is not null)
        {
            memory = InputRules.Size(Memory, nameof(Memory));
            var choice = new TenantConfig.Choice { Type = source.Type, Region = source.Region, CloudProvider = source.CloudProvider, Memory = memory };
            if (TenantConfig.Check(tenant, choice) is { } problem) throw InputRules.Invalid(problem);
            storage = choice.Storage;
        }
        else if (offered.Count > 0)
        {
            memory = offered[0].Memory!;
            storage = offered[0].Storage;
        }
        else
        {
            memory = source.Memory ?? throw InputRules.Invalid($"{AuraText.Instance(source.Id, source.Name)} reports no memory and its tenant offers none for its type and region: give -Memory.");
            storage = source.Storage;
        }
        var version = offered.Where(c => c.Memory!.Equals(memory)).Select(c => c.Version).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "5";
        return new CreateInstanceRequest
        {
            Name = ScratchName(source.Name ?? source.Id, Time.GetUtcNow()),
            TenantId = source.TenantId!,
            Type = source.Type ?? throw InputRules.Invalid($"{AuraText.Instance(source.Id, source.Name)} does not report its type."),
            Region = source.Region ?? throw InputRules.Invalid($"{AuraText.Instance(source.Id, source.Name)} does not report its region."),
            CloudProvider = source.CloudProvider ?? throw InputRules.Invalid($"{AuraText.Instance(source.Id, source.Name)} does not report its cloud provider."),
            Memory = memory.Text,
            Storage = storage?.Text,
            Version = version!,
            SourceInstanceId = source.Id,
            SourceSnapshotId = snapshot.SnapshotId,
        };
    }

    /// <summary>drill-&lt;source&gt;-MMddHHmmss, at most 30 characters (the source's name cut to fit, letters, digits and '-' only).</summary>
    internal static string ScratchName(string source, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
        var room = MaxScratchNameLength - "drill-".Length - 1 - stamp.Length;
        var clean = new string(source.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        if (clean.Length > room) clean = clean.Substring(0, room).TrimEnd('-');
        return clean.Length == 0 ? $"drill-{stamp}" : $"drill-{clean}-{stamp}";
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates the scratch instance; Aura's instance limit (405) waits for another drill to finish (or a while), not a failure.</summary>
    private AuraInstance CreateWhenThereIsRoom(CreateInstanceRequest request, Drill drill)
    {
        var deadline = Time.GetUtcNow() + TimeSpan.FromSeconds(TimeoutSec);
        while (true)
        {
            try
            {
                drill.RequestedAt = Time.GetTimestamp();
                return Await(ct => Client.Instances.CreateAsync(request, ct));
            }
            catch (AuraApiException ex) when (ex.StatusCode == 405 && Time.GetUtcNow() < deadline)
            {
                WriteVerbose($"Aura's instance limit is reached: the drill of {AuraText.Instance(drill.Source.Id, drill.Source.Name)} waits for a slot.");
                if (!WaitForOneToFinish()) Await(ct => Time.Delay(SlotRetry, ct));
            }
        }
    }

    /// <summary>A drill's restore wait ended (running, failed, timed out): test, clean up, report.</summary>
    private void Finish(WaitItem<AuraInstance> item)
    {
        var drill = (Drill)item.Tag!;
        var result = drill.Result;
        string? error = null;
        var category = ErrorCategory.InvalidResult;
        var errorId = "AuraRestoreDrillFailed";
        try
        {
            switch (item.State)
            {
                case WaitState.Done:
                    result.Restored = true;
                    result.RestoreDuration = Time.GetElapsedTime(drill.RequestedAt);
                    error = RunTest(item.Current, result) ?? drill.TooOld;
                    break;
                case WaitState.TimedOut:
                    error = $"The scratch instance {drill.Scratch!.Name} did not run within {TimeoutSec} s (last status '{item.Status}').";
                    category = ErrorCategory.OperationTimeout;
                    errorId = "AuraRestoreDrillTimeout";
                    break;
                default:
                    error = $"The restore failed: {item.Error?.Message ?? "status " + item.Status}";
                    break;
            }
        }
        finally
        {
            Cleanup(drill);
        }
        Report(result, error, errorId, category);
    }

    /// <summary>Runs -Test with the scratch instance; the reason it failed, or null.</summary>
    private string? RunTest(AuraInstance scratch, AuraSnapshotTest result)
    {
        if (Test is null) return null;
        var instance = AuraOutput.Wrap(scratch);
        Collection<PSObject> output;
        try
        {
            output = Test.InvokeWithContext(null, new List<PSVariable> { new("_", instance) }, instance);
        }
        catch (RuntimeException ex) when (ex is not PipelineStoppedException)
        {
            return $"The -Test script failed: {ex.Message}";
        }
        var values = output.Where(o => o is not null).Select(o => o.BaseObject is PSCustomObject ? o : o.BaseObject).ToArray();
        result.TestResult = values.Length switch { 0 => null, 1 => values[0], _ => values };
        return values.Length == 1 && values[0] is false ? "The -Test script returned $false." : null;
    }

    /// <summary>Removes the drill's scratch instance (it may still be creating: Aura then refuses, and it is tried again).</summary>
    private void Cleanup(Drill drill)
    {
        if (drill.Scratch is null || StopToken.IsCancellationRequested) return; // a stop cleans up in OnStopping
        lock (_active) _active.Remove(drill);
        var scratch = drill.Scratch;
        if (KeepInstance)
        {
            drill.Result.ScratchInstanceKept = true;
            Warn($"Kept the scratch {AuraText.Instance(scratch.Id, scratch.Name)} (-KeepInstance): it costs money until you remove it (Remove-AuraInstance -InstanceId {scratch.Id} -Force).");
            return;
        }
        try
        {
            Await(ct => DeleteWhenAllowedAsync(Client, scratch.Id, ct));
            AuraCache.ForgetInstance(Conn, scratch.Id);
            WriteVerbose($"Removed the scratch {AuraText.Instance(scratch.Id, scratch.Name)}.");
        }
        catch (AuraApiException ex)
        {
            drill.Result.ScratchInstanceKept = true;
            Warn(LeftBehind(scratch, ex.Message));
        }
    }

    private static string LeftBehind(AuraInstance scratch, string why)
        => $"Could not remove the scratch {AuraText.Instance(scratch.Id, scratch.Name)} ({why.TrimEnd('.')}): it still exists and costs money. Remove it with Remove-AuraInstance -InstanceId {scratch.Id} -Force.";

    /// <summary>DELETE, tried again while Aura says another operation runs (the scratch instance may still be creating), bounded.</summary>
    private static async Task DeleteWhenAllowedAsync(AuraClient client, string id, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(CleanupTimeout);
        while (true)
        {
            try
            {
                await client.Instances.DeleteAsync(id, bounded.Token).ConfigureAwait(false);
                return;
            }
            catch (AuraApiException ex) when (ex.StatusCode == 404)
            {
                return; // already gone
            }
            catch (AuraApiException ex) when (ex.StatusCode is 409 or 400 && !bounded.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), bounded.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw ex;
                }
            }
        }
    }

    /// <summary>Ctrl+C (or a stopped pipeline): every scratch instance still there is removed before the command ends.</summary>
    protected override void OnStopping()
    {
        List<Drill> left;
        lock (_active)
        {
            left = _active.Where(d => d.Scratch is not null).ToList();
            _active.Clear();
        }
        if (left.Count == 0 || KeepInstance) return;
        var client = Client;
        var removed = left.AsParallel().Select(d => (d.Scratch!, RunWhileStopping(ct => DeleteWhenAllowedAsync(client, d.Scratch!.Id, ct), CleanupTimeout + TimeSpan.FromSeconds(10)))).ToList();
        foreach (var (scratch, ok) in removed.Where(r => !r.Item2))
        {
            try { Warn(LeftBehind(scratch, "the command was stopped")); }
            catch (Exception ex) when (ex is PipelineStoppedException or InvalidOperationException) { }
        }
    }

    /// <summary>Writes the result; a failure is also a non-terminating error carrying it.</summary>
    private void Report(AuraSnapshotTest result, string? error, string? errorId, ErrorCategory category)
    {
        result.Error = error;
        result.Passed = error is null;
        result.TestedAt = Time.GetUtcNow();
        var wrapped = PSObject.AsPSObject(result);
        WriteObject(wrapped);
        if (error is null) return;
        var ex = new AuraApiException($"{result.InstanceName ?? result.InstanceId}: {error}", errorId ?? "AuraRestoreDrillFailed", category)
        {
            RecommendedAction = errorId switch
            {
                "AuraSnapshotMissing" or "AuraSnapshotTooOld" => "Check the instance's snapshot schedule (Get-AuraSnapshot -InstanceId <id> -Since (Get-Date).AddDays(-7)) or take one now (New-AuraSnapshot -Wait).",
                "AuraRestoreDrillTimeout" => "Allow more time (-TimeoutSec) or check the instance in the Aura console.",
                _ => "See the result's Error; test another snapshot (Get-AuraSnapshot ... | Test-AuraSnapshot) or ask Aura support with the snapshot id.",
            },
        };
        WriteError(new ErrorRecord(ex, ex.ErrorId, category, wrapped) { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction } });
    }

    private sealed class Drill
    {
        public Drill(AuraInstance source, AuraSnapshotTest result, string? tooOld)
        {
            Source = source;
            Result = result;
            TooOld = tooOld;
        }

        public AuraInstance Source { get; }
        public AuraSnapshotTest Result { get; }
        /// <summary>Why the snapshot is too old (only when -MaxSnapshotAge was given), or null.</summary>
        public string? TooOld { get; }
        public AuraInstance? Scratch { get; set; }
        public long RequestedAt { get; set; }
    }
}
