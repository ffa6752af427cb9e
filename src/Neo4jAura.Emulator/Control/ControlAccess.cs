using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Neo4jAura.Emulator.Control;

/// <summary>
/// Who may use the control endpoint (/_emulator). Never a web page: a request with an Origin header is refused
/// (browsers send one with every cross-origin POST, even one that needs no preflight). With a control token, the
/// X-Emulator-Control-Token header must carry it; the emulator always has one when it listens beyond loopback.
/// Without one (loopback only), the Host header must name a loopback address, so a DNS-rebound name is refused.
/// </summary>
public sealed class ControlAccess
{
    public const string TokenHeader = "X-Emulator-Control-Token";

    private readonly byte[]? token;

    public ControlAccess(string? controlToken) =>
        token = string.IsNullOrEmpty(controlToken) ? null : Encoding.UTF8.GetBytes(controlToken);

    public bool RequiresToken => token is not null;

    /// <summary>Null when the request may use the control endpoint, else why not (answered with 403).</summary>
    public string? Refusal(HttpRequest request)
    {
        if (request.Headers.ContainsKey("Origin"))
        {
            return "Control requests from web pages are refused (the request has an Origin header).";
        }

        if (token is not null)
        {
            var given = Encoding.UTF8.GetBytes(request.Headers[TokenHeader].ToString());
            return CryptographicOperations.FixedTimeEquals(given, token)
                ? null
                : $"This emulator's control endpoint needs the {TokenHeader} header with the control token printed at start.";
        }

        return IsLoopbackHost(request.Host.Host)
            ? null
            : "Control requests need a loopback Host header (localhost, 127.0.0.1 or [::1]).";
    }

    /// <summary>True for localhost, 127.0.0.0/8 and ::1.</summary>
    public static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>True when every one of the ';'-separated URLs listens on a loopback address only.</summary>
    public static bool IsLoopbackOnly(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(url =>
        {
            var hostStart = url.IndexOf("://", StringComparison.Ordinal);
            var rest = hostStart < 0 ? url : url[(hostStart + 3)..];
            var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']') + 1)] : rest.Split(':', '/')[0];
            return IsLoopbackHost(host);
        });
}
