using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>
/// Base of every Neo4jAura cmdlet: runs async work off the pipeline thread with our own stop token, drains the
/// HTTP layer's verbose/debug lines on the pipeline thread while it waits, turns Ctrl+C into a pipeline stop and
/// an AuraApiException into a non-terminating error for the current item.
/// </summary>
public abstract class AuraCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly QueueTraceSink _sink = new();
    private readonly System.Collections.Generic.Dictionary<string, AuraInstance> _undelivered = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    /// <summary>Cancelled by Ctrl+C (StopProcessing). Cmdlet.Stopping is taken and PipelineStopToken is 7.6+ only.</summary>
    protected CancellationToken StopToken => _stop.Token;

    /// <summary>The TargetObject of an error raised while processing the current item.</summary>
    protected object? CurrentTarget { get; set; }

    /// <summary>Runs at the start of the pipeline (after binding of command-line parameters).</summary>
    protected virtual void Begin() { }

    /// <summary>Runs once per pipeline input item (once when there is no input).</summary>
    protected abstract void Execute();

    /// <summary>Runs after the last input item.</summary>
    protected virtual void End() { }

    protected sealed override void BeginProcessing()
    {
        _sink.DebugEnabled = StreamEnabled("Debug", "DebugPreference");
        _sink.VerboseEnabled = StreamEnabled("Verbose", "VerbosePreference");
        Guard(Begin);
    }

    protected sealed override void ProcessRecord()
    {
        CurrentTarget = null;
        Guard(Execute);
    }

    protected sealed override void EndProcessing()
    {
        CurrentTarget = null;
        Guard(End);
    }

    protected override void StopProcessing()
    {
        try { _stop.Cancel(); } catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (StopToken.IsCancellationRequested) HandleStop(); // a stop that no processing method saw (between items)
        Dispose(true);
        _stop.Dispose();
        _sink.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            Flush();
            HandleStop();
            throw new PipelineStoppedException();
        }
        catch (PipelineStoppedException)
        {
            // Stopped while PowerShell itself ran something (a script block, a downstream command).
            HandleStop();
            throw;
        }
        catch (AuraApiException ex)
        {
            Flush();
            WriteError(ex.ToErrorRecord(CurrentTarget));
        }
        finally
        {
            Flush();
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> and waits, pumping queued records on this thread. The call starts right here when
    /// this thread has no SynchronizationContext (the usual pwsh pipeline thread): the client awaits with
    /// ConfigureAwait(false), so everything after its first real wait runs on the pool, and a short call saves a
    /// thread hop. Under a host with a context (a GUI) it starts on the pool, so nothing can post back to this thread.
    /// </summary>
    internal T Await<T>(Func<CancellationToken, Task<T>> call)
    {
        StopToken.ThrowIfCancellationRequested();
        var sink = _sink;
        var token = StopToken;
        var task = SynchronizationContext.Current is null
            ? RunTraced(sink, call, token)
            : Task.Run(() => RunTraced(sink, call, token));
        if (!task.IsCompleted)
        {
            // Wake on queued records or on completion; the short timeout is a backstop, never the pace.
            task.ContinueWith(static (_, state) => ((QueueTraceSink)state!).Wake(), sink, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                sink.WaitForWork(250);
                Flush();
            }
        }
        Flush();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The call with the trace sink set for it and everything it awaits. The AsyncLocal is set inside this async
    /// method, so the caller's context (the pipeline thread's) never sees it.
    /// </summary>
    private static async Task<T> RunTraced<T>(QueueTraceSink sink, Func<CancellationToken, Task<T>> call, CancellationToken token)
    {
        AuraTrace.Current = sink;
        return await call(token).ConfigureAwait(false);
    }

    /// <summary>The Task overload of <see cref="Await{T}(Func{CancellationToken, Task{T}})"/>.</summary>
    internal void Await(Func<CancellationToken, Task> call)
        => Await<bool>(async ct => { await call(ct).ConfigureAwait(false); return true; });

    /// <summary>Writes the verbose/debug/warning lines the HTTP layer queued (pipeline thread only).</summary>
    internal void Flush()
    {
        while (_sink.TryDequeue(out var entry))
        {
            switch (entry.Kind)
            {
                case TraceKind.Verbose: WriteVerbose(entry.Message); break;
                case TraceKind.Debug: WriteDebug(entry.Message); break;
                case TraceKind.Warning: Warn(entry.Message); break;
            }
        }
    }

    /// <summary>A new instance whose one-time credential has not reached the user yet (it is being waited for).</summary>
    internal void Pending(AuraInstance created)
    {
        if (created.Credential is not null) _undelivered[created.Id] = created;
    }

    /// <summary>The credential of this instance has reached the user (as output or on an error record).</summary>
    internal void Delivered(string instanceId) => _undelivered.Remove(instanceId);

    /// <summary>
    /// Ctrl+C while new instances were being waited for: their one-time credentials are on the connection's
    /// CreatedInstances (kept when each was created); say so if PowerShell still lets us.
    /// </summary>
    private void DeliverOnStop()
    {
        if (_undelivered.Count == 0) return;
        var names = string.Join(", ", System.Linq.Enumerable.Select(_undelivered.Values, i => AuraText.Instance(i.Id, i.Name)));
        _undelivered.Clear();
        try
        {
            Warn($"Stopped while waiting for {names}: created in Aura, still starting. Their one-time passwords are kept for this session: "
                         + "(Get-AuraConnection).CreatedInstances | ForEach-Object { $_.Credential } - store them now.");
        }
        catch (Exception ex) when (ex is PipelineStoppedException or InvalidOperationException or NotImplementedException)
        {
            // The pipeline is already stopping: the credentials are still on Get-AuraConnection's CreatedInstances.
        }
    }

    /// <summary>
    /// Whether this invocation's output is stored or passed on: false when the command is a statement of its own at the
    /// end of its pipeline (its output goes to the console, or out of a script, and is not kept in a variable); true
    /// when it is assigned, piped on or used as a value; null when that cannot be told.
    /// </summary>
    internal bool? OutputIsCaptured()
    {
        if (MyInvocation.PipelineLength > MyInvocation.PipelinePosition) return true;
        if (OwnCommandAst() is not { Parent: PipelineAst pipeline } command) return null;
        // The line alone may not hold the whole pipeline ("$x = a |" on the line before): then it cannot be told.
        if (pipeline.PipelineElements.Count != MyInvocation.PipelineLength || pipeline.PipelineElements[pipeline.PipelineElements.Count - 1] != command) return null;
        return pipeline.Parent is not (NamedBlockAst or StatementBlockAst);
    }

    /// <summary>
    /// This invocation's CommandAst: from the script file when there is one (exact, whatever spans lines), else from the
    /// line it is on; null when it cannot be found.
    /// </summary>
    private CommandAst? OwnCommandAst()
    {
        try
        {
            var file = MyInvocation.ScriptName;
            if (!string.IsNullOrEmpty(file) && System.IO.File.Exists(file))
            {
                var script = Parser.ParseFile(file, out _, out _);
                return script.Find(a => a is CommandAst && a.Extent.StartLineNumber == MyInvocation.ScriptLineNumber
                                                         && a.Extent.StartColumnNumber == MyInvocation.OffsetInLine, searchNestedScriptBlocks: true) as CommandAst;
            }
            var line = MyInvocation.Line;
            var offset = MyInvocation.OffsetInLine - 1;
            if (string.IsNullOrEmpty(line) || offset < 0 || offset >= line.Length) return null;
            var ast = Parser.ParseInput(line, out _, out var errors);
            if (errors.Length > 0) return null;
            return ast.Find(a => a is CommandAst && a.Extent.StartOffset == offset, searchNestedScriptBlocks: true) as CommandAst;
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// pwsh's console host whose input has ended (pwsh -File script.ps1 &lt; /dev/null, a pipe, a service) throws a
    /// NullReferenceException from its prompt instead of saying it cannot ask.
    /// </summary>
    private static bool IsConsoleHostWithoutInput(Exception ex)
        => ex is NullReferenceException && ex.TargetSite?.DeclaringType?.FullName?.StartsWith("Microsoft.PowerShell.", StringComparison.Ordinal) == true;

    /// <summary>
    /// WriteWarning that never costs the user an output or an error record: with -Debug, PowerShell asks before every
    /// warning (Inquire), and a host that cannot ask (a runbook, pwsh -NonInteractive) throws instead. Then the warning
    /// goes to the debug stream, which -Debug shows.
    /// </summary>
    internal void Warn(string text)
    {
        try
        {
            WriteWarning(text);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException)
        {
            try { WriteDebug("WARNING: " + text); }
            catch (Exception again) when (again is InvalidOperationException or PipelineStoppedException) { }
        }
    }

    private bool _stopped;

    /// <summary>The pipeline stops (Ctrl+C, Select-Object -First): keep what must not be lost, undo what must not stay.</summary>
    private void HandleStop()
    {
        if (_stopped) return;
        _stopped = true;
        DeliverOnStop();
        OnStopping();
    }

    /// <summary>
    /// What a cmdlet must do when its pipeline stops, before it ends (Test-AuraSnapshot removes its scratch
    /// instances). The stop token is cancelled: use <see cref="RunWhileStopping"/> for requests.
    /// </summary>
    protected virtual void OnStopping() { }

    /// <summary>
    /// Runs a request while the pipeline stops (the stop token is cancelled, so <see cref="Await{T}"/> cannot): on a
    /// token of its own, bounded by <paramref name="timeout"/>; false when it failed or took too long.
    /// </summary>
    internal static bool RunWhileStopping(Func<CancellationToken, Task> call, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var task = Task.Run(() =>
            {
                AuraTrace.Current = null;
                return call(cts.Token);
            });
            return task.Wait(timeout) && task.Status == TaskStatus.RanToCompletion;
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    /// <summary>True when -WhatIf was given or $WhatIfPreference is on.</summary>
    protected bool WhatIfRequested
    {
        get
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)) return LanguagePrimitives.IsTrue(whatIf);
            try { return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference")); }
            catch (PSInvalidOperationException) { return false; }
        }
    }

    /// <summary>True when -Confirm (not -Confirm:$false) was given explicitly.</summary>
    protected bool ConfirmRequested
        => MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && LanguagePrimitives.IsTrue(confirm);

    /// <summary>
    /// ShouldProcess just before a request: -WhatIf always wins (also with -Force); -Force only removes the prompt,
    /// as if $ConfirmPreference were None; an explicit -Confirm still prompts. <paramref name="forceHint"/>: the
    /// cmdlet has -Force, which a non-interactive session that cannot ask is told to use.
    /// </summary>
    internal bool ShouldProceed(string target, string action, bool force, bool forceHint = false)
    {
        if (force && !WhatIfRequested && !ConfirmRequested)
        {
            WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\".");
            return true;
        }
        return Asking(() => ShouldProcess(target, action), $"{action} on {target}", forceHint);
    }

    private bool _yesToAll;
    private bool _noToAll;

    /// <summary>
    /// The three-string ShouldProcess (description for -WhatIf/verbose, question and caption for the prompt), with the
    /// same -Force rules. With <paramref name="highImpact"/> the item is treated as ConfirmImpact High even when the
    /// cmdlet's declared impact is lower (Restore-AuraSnapshot: restoring to a new instance is Medium, overwriting High):
    /// at the default $ConfirmPreference (High) it asks once (with Yes to All / No to All).
    /// </summary>
    internal bool ShouldProceed(string description, string question, string caption, bool force, bool highImpact = false, bool forceHint = false)
    {
        if (WhatIfRequested)
        {
            ShouldProcess(description, question, caption); // reports "What if: ..." and returns false
            return false;
        }
        if (MyInvocation.BoundParameters.ContainsKey("Confirm"))
        {
            return Asking(() => ShouldProcess(description, question, caption), caption, forceHint); // explicit -Confirm prompts; -Confirm:$false does not
        }
        if (force)
        {
            WriteVerbose(description);
            return true;
        }
        if (!highImpact) return Asking(() => ShouldProcess(description, question, caption), caption, forceHint);

        var preference = ConfirmPreference();
        if (preference == ConfirmImpact.None) return ShouldProcess(description, question, caption);
        if (preference <= ConfirmImpact.Medium) return Asking(() => ShouldProcess(description, question, caption), caption, forceHint); // it prompts itself
        if (!ShouldProcess(description, question, caption)) return false; // does not prompt at High; writes verbose
        return Asking(() => ShouldContinue(question, caption, ref _yesToAll, ref _noToAll), caption, forceHint);
    }

    /// <summary>
    /// Runs a confirmation; when the host cannot ask (pwsh -NonInteractive, a job, Azure Automation), the error says
    /// how to confirm in advance instead of PowerShell's generic "NonInteractive mode" text.
    /// </summary>
    private bool Asking(Func<bool> ask, string what, bool forceHint)
    {
        try
        {
            return ask();
        }
        catch (Exception ex) when ((ex is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException
                                    || IsConsoleHostWithoutInput(ex)) && ex is not PipelineStoppedException)
        {
            throw new AuraApiException(
                $"'{what}' needs a confirmation, but this PowerShell session cannot ask for one (it runs non-interactively: -NonInteractive, a job, a scheduled task or Azure Automation). "
                + (forceHint ? "Add -Force to confirm it in advance (-WhatIf shows what it would do)." : "Add -Confirm:$false to confirm it in advance (-WhatIf shows what it would do)."),
                "AuraConfirmationRequired", ErrorCategory.InvalidOperation, ex)
            {
                RecommendedAction = forceHint ? "Run the command again with -Force." : "Run the command again with -Confirm:$false.",
            };
        }
    }

    private ConfirmImpact ConfirmPreference()
    {
        try
        {
            var value = GetVariableValue("ConfirmPreference");
            if (value is ConfirmImpact impact) return impact;
            return LanguagePrimitives.TryConvertTo<ConfirmImpact>(value, out var converted) ? converted : ConfirmImpact.High;
        }
        catch (PSInvalidOperationException)
        {
            return ConfirmImpact.High;
        }
    }

    /// <summary>
    /// True when the stream would show: the common parameter (-Debug, -Verbose) when given, else the preference
    /// variable is not SilentlyContinue/Ignore. Lines for a stream that would not show are not even queued.
    /// </summary>
    private bool StreamEnabled(string parameter, string preferenceVariable)
    {
        if (MyInvocation.BoundParameters.TryGetValue(parameter, out var given)) return LanguagePrimitives.IsTrue(given);
        try
        {
            var pref = GetVariableValue(preferenceVariable);
            if (pref is null) return false;
            if (pref is ActionPreference ap) return ap is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
            return LanguagePrimitives.TryConvertTo<ActionPreference>(pref, out var converted)
                && converted is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
        }
        catch (PSInvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>An error record for refused input on the current item (nothing was sent).</summary>
    internal static ErrorRecord InvalidArgument(string message, object? target, string errorId = "AuraInvalidArgument")
        => new AuraApiException(message, errorId, ErrorCategory.InvalidArgument).ToErrorRecord(target);
}

internal enum TraceKind { Verbose, Debug, Warning }

internal readonly struct TraceEntry
{
    public TraceEntry(TraceKind kind, string message) { Kind = kind; Message = message; }
    public TraceKind Kind { get; }
    public string Message { get; }
}

/// <summary>Collects the HTTP layer's lines on any thread for the pipeline thread to write.</summary>
internal sealed class QueueTraceSink : IAuraTraceSink, IDisposable
{
    private readonly ConcurrentQueue<TraceEntry> _queue = new();
    // A slim event: the pipeline thread spins briefly before it blocks, and a loopback answer often lands in the spin.
    private readonly ManualResetEventSlim _signal = new(false);

    public bool DebugEnabled { get; set; }
    public bool VerboseEnabled { get; set; } = true;

    public void Verbose(string message) { if (VerboseEnabled) Enqueue(TraceKind.Verbose, message); }
    public void Debug(string message) { if (DebugEnabled) Enqueue(TraceKind.Debug, message); }
    public void Warning(string message) => Enqueue(TraceKind.Warning, message);

    public bool TryDequeue(out TraceEntry entry) => _queue.TryDequeue(out entry);

    /// <summary>Waits until a line is queued or <see cref="Wake"/> is called (or the timeout passes), then re-arms.</summary>
    public void WaitForWork(int millisecondsTimeout)
    {
        _signal.Wait(millisecondsTimeout);
        // Re-arm before the caller drains the queue and checks for completion, so nothing set after this is missed.
        _signal.Reset();
    }

    /// <summary>Wakes the pipeline thread (work finished).</summary>
    public void Wake()
    {
        try { _signal.Set(); } catch (ObjectDisposedException) { }
    }

    private void Enqueue(TraceKind kind, string message)
    {
        _queue.Enqueue(new TraceEntry(kind, message));
        Wake();
    }

    public void Dispose() => _signal.Dispose();
}
