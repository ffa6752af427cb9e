using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;
using Neo4jAura.Client;

namespace Neo4jAura.Tests.Reliability;

/// <summary>
/// A runspace with the module imported (from this test's output folder) under a host that records everything written
/// to its UI, including WriteProgress, which a non-interactive pwsh drops. Each Run also keeps every stream of the
/// PowerShell instance (output, error, warning, verbose, debug, information, progress).
/// </summary>
internal sealed class HostedPowerShell : IDisposable
{
    public HostedPowerShell()
    {
        Host = new RecordingHost();
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(new[] { typeof(AuraConnection).Assembly.Location });
        Runspace = RunspaceFactory.CreateRunspace(Host, iss);
        Runspace.Open();
    }

    public RecordingHost Host { get; }
    public Runspace Runspace { get; }

    /// <summary>Everything every Run produced, as text (ToString, properties, messages, progress records).</summary>
    public List<string> Texts { get; } = new();
    public List<ProgressRecord> Progress { get; } = new();
    public List<PSObject> Outputs { get; } = new();
    public List<ErrorRecord> Errors { get; } = new();

    public Collection Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        if (variables is not null)
        {
            foreach (var pair in variables) Runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
        }
        ps.AddScript(script);
        Collection result;
        try
        {
            result = new Collection(ps.Invoke().ToList(), null);
        }
        catch (RuntimeException ex)
        {
            result = new Collection(new List<PSObject>(), ex);
            Errors.Add(ex.ErrorRecord);
            Texts.Add(Describe(ex.ErrorRecord));
        }
        foreach (var o in result.Output)
        {
            Outputs.Add(o);
            if (o is not null) Texts.Add(Describe(o)); // $null written to the pipeline arrives as a null PSObject
        }
        foreach (var e in ps.Streams.Error) { Errors.Add(e); Texts.Add(Describe(e)); }
        foreach (var r in ps.Streams.Verbose) Texts.Add(r.Message);
        foreach (var r in ps.Streams.Debug) Texts.Add(r.Message);
        foreach (var r in ps.Streams.Warning) Texts.Add(r.Message);
        foreach (var r in ps.Streams.Information) Texts.Add(r.MessageData?.ToString() ?? "");
        foreach (var r in ps.Streams.Progress) { Progress.Add(r); Texts.Add(Describe(r)); }
        return result;
    }

    public IEnumerable<string> AllText() => Texts.Concat(Host.Lines).Concat(Host.Progress.Select(Describe));

    public static string Describe(ProgressRecord r)
        => $"{r.Activity} | {r.StatusDescription} | {r.CurrentOperation} | {r.PercentComplete} | {r.RecordType}";

    public static string Describe(ErrorRecord e)
    {
        var sb = new StringBuilder();
        sb.AppendLine(e.ToString()).AppendLine(e.FullyQualifiedErrorId).AppendLine(e.Exception.ToString());
        sb.AppendLine(e.ErrorDetails?.Message).AppendLine(e.ErrorDetails?.RecommendedAction).AppendLine(e.TargetObject?.ToString());
        return sb.ToString();
    }

    public static string Describe(PSObject o)
    {
        var sb = new StringBuilder();
        sb.AppendLine(o.ToString()).AppendLine(o.BaseObject?.ToString());
        foreach (var p in o.Properties)
        {
            object? value;
            try { value = p.Value; }
            catch (Exception ex) { value = ex.Message; }
            sb.Append(p.Name).Append('=').AppendLine(value is PSCredential c ? "PSCredential(" + c.UserName + ")" : Convert.ToString(value, CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public void Dispose() => Runspace.Dispose();

    public sealed record Collection(List<PSObject> Output, RuntimeException? Terminating);
}

/// <summary>
/// A PSHost whose UI records every line and progress record written to it. A prompt for a choice takes the next
/// label queued in <see cref="Answers"/> (and is recorded in <see cref="Prompts"/>); any other prompt, or a choice
/// with no answer queued, fails the test.
/// </summary>
internal sealed class RecordingHost : PSHost
{
    private readonly RecordingUI _ui = new();
    public ConcurrentQueue<string> Lines => _ui.Lines;
    public ConcurrentQueue<ProgressRecord> Progress => _ui.Progress;
    /// <summary>Labels to choose, in order, without the hot-key '&amp;': "Yes", "Yes to All", "No", "No to All".</summary>
    public ConcurrentQueue<string> Answers => _ui.Answers;
    /// <summary>"caption | message" of every prompt for a choice.</summary>
    public ConcurrentQueue<string> Prompts => _ui.Prompts;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "Neo4jAura.Tests.RecordingHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class RecordingUI : PSHostUserInterface
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ConcurrentQueue<ProgressRecord> Progress { get; } = new();
        public ConcurrentQueue<string> Answers { get; } = new();
        public ConcurrentQueue<string> Prompts { get; } = new();
        public override PSHostRawUserInterface? RawUI => null;
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions)
            => throw new InvalidOperationException("The module prompted: " + caption + " " + message);
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
        {
            if (!Answers.TryDequeue(out var answer)) throw new InvalidOperationException("The module prompted: " + caption + " " + message);
            Prompts.Enqueue(caption + " | " + message);
            for (var i = 0; i < choices.Count; i++)
            {
                if (string.Equals(choices[i].Label.Replace("&", ""), answer, StringComparison.OrdinalIgnoreCase)) return i;
            }
            throw new InvalidOperationException($"No choice '{answer}' in: {string.Join(", ", choices.Select(c => c.Label))}");
        }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
            => throw new InvalidOperationException("The module prompted for a credential.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
            => throw new InvalidOperationException("The module prompted for a credential.");
        public override string ReadLine() => throw new InvalidOperationException("The module read from the console.");
        public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("The module read from the console.");
        public override void Write(string value) => Lines.Enqueue(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Enqueue(value);
        public override void WriteLine(string value) => Lines.Enqueue(value);
        public override void WriteErrorLine(string value) => Lines.Enqueue(value);
        public override void WriteDebugLine(string message) => Lines.Enqueue(message);
        public override void WriteVerboseLine(string message) => Lines.Enqueue(message);
        public override void WriteWarningLine(string message) => Lines.Enqueue(message);
        public override void WriteInformation(InformationRecord record) => Lines.Enqueue(record.MessageData?.ToString() ?? "");
        public override void WriteProgress(long sourceId, ProgressRecord record) => Progress.Enqueue(record);
    }
}
