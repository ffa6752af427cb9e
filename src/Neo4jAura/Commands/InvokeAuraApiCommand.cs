using System;
using System.Collections;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using Neo4jAura.Client;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>The HTTP methods Invoke-AuraApi sends.</summary>
public enum AuraApiMethod
{
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

/// <summary>Calls any Aura API endpoint with the connection's token, pacing, retry rules and errors.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "AuraApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PSObject), typeof(string))]
public sealed class InvokeAuraApiCommand : AuraApiCmdlet
{
    /// <summary>The HTTP method.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public AuraApiMethod Method { get; set; }

    /// <summary>Path relative to {BaseUri}/{ApiVersion}, e.g. /instances (a query string is allowed).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The body: a JSON string, or a hashtable / PSCustomObject converted to JSON.</summary>
    [Parameter(Position = 2)]
    public object? Body { get; set; }

    /// <summary>Emit the body text as it came, instead of the parsed data.</summary>
    [Parameter] public SwitchParameter Raw { get; set; }

    protected override void Execute()
    {
        CurrentTarget = Path;
        var path = NormalisePath(Path);
        string? json = null;
        if (Body is not null)
        {
            try
            {
                json = JsonPs.ToJsonBody(Body);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or System.IO.InvalidDataException)
            {
                throw InputRules.Invalid($"-Body is not valid JSON and cannot be converted to JSON: {ex.Message}", nameof(Body));
            }
        }
        var verb = Method.ToString().ToUpperInvariant();
        if (Method != AuraApiMethod.Get && !ShouldProceed($"{verb} {path}", "Invoke the Aura API", force: false)) return;

        var method = new HttpMethod(verb);
        var response = Await(ct => Client.SendRawAsync(method, path, json, ct));
        if (Raw)
        {
            // The escape hatch still never prints a secret: a one-time password (or a token) in the answer is masked.
            var masked = Client.MaskKnownSecrets(Redactor.Redact(response.Body));
            if (!string.Equals(masked, response.Body, StringComparison.Ordinal))
            {
                Warn("The answer held a secret (such as a one-time password); -Raw masks it. Run the command without -Raw to get it as a Neo4jAura.AuraSecret (its GetCredential() gives a PSCredential).");
            }
            WriteObject(masked);
            return;
        }
        if (string.IsNullOrWhiteSpace(response.Body)) return;

        object? parsed;
        try
        {
            // Strings are masked as -Raw masks the text (an echoed token, a URL's user:password@), secrets held as AuraSecret.
            parsed = ParseData(response.Body, text => Client.MaskKnownSecrets(Redactor.RedactPatterns(text)));
        }
        catch (JsonException)
        {
            WriteObject(Client.MaskKnownSecrets(Redactor.Redact(response.Body))); // not JSON: the text, masked
            return;
        }
        if (parsed is object?[] array)
        {
            foreach (var item in array) WriteObject(item);
        }
        else if (parsed is not null)
        {
            WriteObject(parsed);
        }
    }

    /// <summary>
    /// The parsed "data" member when the answer has one, else the whole parsed answer; secrets held as AuraSecret, other
    /// strings through <paramref name="maskText"/> when given.
    /// </summary>
    internal static object? ParseData(string body, Func<string, string>? maskText = null)
    {
        using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data)) return JsonPs.ToPSValueProtected(data, maskText);
        return JsonPs.ToPSValueProtected(root, maskText);
    }

    /// <summary>A path relative to the API root: '/'-prefixed, no scheme or host, no '..' segments, no backslashes.</summary>
    internal static string NormalisePath(string raw)
    {
        var path = (raw ?? "").Trim();
        if (path.Length == 0) throw InputRules.Invalid("-Path is empty.", nameof(Path));
        if (path.IndexOf("://", StringComparison.Ordinal) >= 0 || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw InputRules.Invalid($"-Path '{path}' must be relative to the API root (e.g. /instances), not a full URL.", nameof(Path));
        }
        if (path.IndexOf('\\') >= 0 || path.IndexOf('#') >= 0 || ContainsControl(path))
        {
            throw InputRules.Invalid($"-Path '{path}' contains a character that is not allowed (backslash, '#' or a control character).", nameof(Path));
        }
        if (!path.StartsWith("/", StringComparison.Ordinal)) path = "/" + path;
        var pathOnly = path.Split('?')[0];
        foreach (var segment in pathOnly.Split('/'))
        {
            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is ".." or ".") throw InputRules.Invalid($"-Path '{path}' must not contain '.' or '..' segments.", nameof(Path));
        }
        return Neo4jAura.Client.AuraInput.ValidateRelativePath(path, nameof(Path));
    }

    private static bool ContainsControl(string s)
    {
        foreach (var c in s) if (char.IsControl(c)) return true;
        return false;
    }
}
