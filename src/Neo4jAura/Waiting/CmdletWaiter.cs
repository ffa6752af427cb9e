using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Neo4jAura.Commands;
using Neo4jAura.Errors;

namespace Neo4jAura.Waiting;

/// <summary>
/// Drives a <see cref="WaitSet{T}"/> for one cmdlet invocation on its pipeline thread: makes room before an
/// operation starts (-ThrottleLimit), polls what is due after each start, emits every finished item at once
/// (an object when done, an error record when it failed or timed out) and shows one parent progress bar with a
/// child bar per item.
/// </summary>
internal sealed class CmdletWaiter<T> where T : class
{
    private const int ParentActivityId = 4100;
    /// <summary>Progress is refreshed at least this often (elapsed and remaining time tick), polls or not.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly AuraCmdlet _cmdlet;
    private readonly WaitSet<T> _set;
    private readonly TimeProvider _time;
    private readonly Func<WaitItem<T>, object?> _output;
    private readonly Func<WaitItem<T>, object?> _errorTarget;
    private readonly Action<WaitItem<T>>? _finish;
    private int _finished;
    private bool _progressShown;

    /// <param name="cmdlet">The cmdlet that writes the output, errors and progress.</param>
    /// <param name="set">The items waited for.</param>
    /// <param name="time">The clock (a fake one in tests).</param>
    /// <param name="output">What a finished item writes to the pipeline.</param>
    /// <param name="errorTarget">The TargetObject of an item's error (default: the item's target), so the wait can be resumed from it.</param>
    /// <param name="finish">When given, handles every finished item itself, whatever its state (Test-AuraSnapshot's drills).</param>
    public CmdletWaiter(AuraCmdlet cmdlet, WaitSet<T> set, TimeProvider time, Func<WaitItem<T>, object?> output, Func<WaitItem<T>, object?>? errorTarget = null,
        Action<WaitItem<T>>? finish = null)
    {
        _finish = finish;
        _cmdlet = cmdlet;
        _set = set;
        _time = time;
        _output = output;
        _errorTarget = errorTarget ?? (item => item.Target);
    }

    public int Count => _set.Count;

    /// <summary>Polls (emitting what finishes) until fewer than <paramref name="count"/> items are left, or nothing is.</summary>
    public void WaitUntilFewerThan(int count)
    {
        while (_set.Count >= count && _set.Count > 0)
        {
            Emit(_cmdlet.Await(ct => _set.StepAsync(ct, Tick)));
            ShowProgress();
        }
    }

    /// <summary>Blocks (polling, emitting what finishes) until another operation may start.</summary>
    public void MakeRoom()
    {
        while (!_set.HasCapacity)
        {
            var finished = _cmdlet.Await(ct => _set.StepAsync(ct, Tick));
            Emit(finished);
            ShowProgress();
        }
    }

    /// <summary>Adds an item whose operation has started, then polls whatever is due and emits what finished.</summary>
    public void Add(WaitItem<T> item, bool pollNow = false)
    {
        _set.Add(item, pollNow);
        ShowProgress();
        Emit(_cmdlet.Await(ct => _set.PollDueAsync(ct)));
        ShowProgress();
    }

    /// <summary>Waits for everything left, emitting each item as it finishes.</summary>
    public void Drain()
    {
        while (_set.Count > 0)
        {
            Emit(_cmdlet.Await(ct => _set.StepAsync(ct, Tick)));
            ShowProgress();
        }
        if (_progressShown)
        {
            _cmdlet.WriteProgress(new ProgressRecord(ParentActivityId, "Waiting for Aura operations", "Done") { RecordType = ProgressRecordType.Completed });
            _progressShown = false;
        }
    }

    private void Emit(IReadOnlyList<WaitItem<T>> finished)
    {
        foreach (var item in finished)
        {
            _finished++;
            if (item.Tag is PSCredential) _cmdlet.Delivered(item.Key);
            if (_progressShown)
            {
                _cmdlet.WriteProgress(new ProgressRecord(ChildId(item), Trim(item.Label), item.Status ?? "finished")
                {
                    ParentActivityId = ParentActivityId,
                    RecordType = ProgressRecordType.Completed,
                });
            }
            if (_finish is not null)
            {
                _finish(item);
                continue;
            }
            switch (item.State)
            {
                case WaitState.Done:
                    var output = _output(item);
                    if (output is not null) _cmdlet.WriteObject(output);
                    break;
                case WaitState.TimedOut:
                    WarnOfCredential(item);
                    _cmdlet.WriteError(TimeoutError(item).ToErrorRecord(_errorTarget(item)));
                    break;
                default:
                    WarnOfCredential(item);
                    _cmdlet.WriteError(FailureRecord(item));
                    break;
            }
        }
    }

    /// <summary>A new instance's one-time password must never be lost with a failed wait: say where it is.</summary>
    private void WarnOfCredential(WaitItem<T> item)
    {
        if (item.Tag is not PSCredential) return;
        _cmdlet.Warn(
            $"{item.Label} was created, but the wait for it did not end well. Its one-time password is in the error's TargetObject: " +
            "$e = $Error[0]; $e.TargetObject.Credential.GetNetworkCredential().Password (or -ErrorVariable e; $e[0].TargetObject.Credential), "
            + "and on (Get-AuraConnection).CreatedInstances for this session. Store it now: Aura does not show it again.");
    }

    private ErrorRecord FailureRecord(WaitItem<T> item)
    {
        if (item.Error is AuraApiException aura) return aura.ToErrorRecord(_errorTarget(item));
        var ex = item.Error ?? new InvalidOperationException($"The wait for {item.Label} failed.");
        return new ErrorRecord(ex, "AuraWaitFailed", ErrorCategory.NotSpecified, _errorTarget(item));
    }

    internal static AuraApiException TimeoutError(WaitItem<T> item)
    {
        var waited = item.FinishedAt is { } end ? end - item.StartedAt : TimeSpan.Zero;
        var message = string.Format(CultureInfo.InvariantCulture,
            "Timed out after {0:0} s waiting for {1} to be '{2}'; it was still '{3}'. It goes on in Aura.",
            waited.TotalSeconds, item.Label, item.Expectation, item.Status ?? "unknown");
        if (item.Error is not null) message += " The last poll failed: " + item.Error.Message;
        var resume = item.Current switch
        {
            AuraSnapshot => "Wait-AuraSnapshot",
            AuraInstance => "Wait-AuraInstance" + (item.Goal is InstanceGoal { IsDelete: true } ? " -Status deleted" : item.Expectation.StartsWith("paused", StringComparison.Ordinal) ? " -Status paused" : ""),
            _ => null,
        };
        return new AuraApiException(message, "AuraWaitTimeout", ErrorCategory.OperationTimeout)
        {
            RecommendedAction = resume is null
                ? "Wait longer (a larger -TimeoutSec) or check it in the Aura console."
                : $"Resume the wait with the error's TargetObject: $Error[0].TargetObject | {resume} -TimeoutSec 3600 (or check it in the Aura console).",
        };
    }

    private void ShowProgress()
    {
        var total = _set.Added;
        if (_set.Count == 0 && !_progressShown) return;
        _progressShown = true;
        var now = _time.GetUtcNow();
        var parent = new ProgressRecord(ParentActivityId,
            _set.Count == 1 ? "Waiting for 1 Aura operation" : $"Waiting for {_set.Count} Aura operations",
            $"{_finished} of {total} finished")
        {
            PercentComplete = total == 0 ? 0 : Math.Min(100, _finished * 100 / total),
        };
        _cmdlet.WriteProgress(parent);
        foreach (var item in _set.Items)
        {
            var waited = now - item.StartedAt;
            var left = item.Deadline - now;
            _cmdlet.WriteProgress(new ProgressRecord(ChildId(item), Trim(item.Label),
                $"{item.Status ?? "starting"} for {Clock(waited)}, waiting for '{item.Expectation}' ({Clock(left)} left of -TimeoutSec)")
            {
                ParentActivityId = ParentActivityId,
            });
        }
    }

    /// <summary>m:ss (or h:mm:ss) for progress lines.</summary>
    internal static string Clock(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalHours >= 1
            ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}:{2:00}", (int)span.TotalHours, span.Minutes, span.Seconds)
            : string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}", span.Minutes, span.Seconds);
    }

    private static int ChildId(WaitItem<T> item) => ParentActivityId + 1 + (item.Sequence % 1_000_000);

    private static string Trim(string s) => string.IsNullOrEmpty(s) ? "Aura operation" : s;
}
