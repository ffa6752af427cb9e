using System.Globalization;
using System.Text;

namespace Neo4jAura.Emulator.State;

/// <summary>Durations written the way Aura writes a session's ttl (Go's time.Duration text): "30m", "1h0m0s", "1h30m", "90s".</summary>
public static class GoDuration
{
    /// <summary>Reads a sequence of whole numbers with units h, m and s (e.g. "1h30m"); false for anything else.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 32)
        {
            return false;
        }

        long seconds = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length
                || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || value > 10_000_000)
            {
                return false;
            }

            var unit = text[i++] switch
            {
                'h' => 3600L,
                'm' => 60L,
                's' => 1L,
                _ => 0L,
            };
            if (unit == 0)
            {
                return false;
            }

            seconds += value * unit;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Go's form: "1h0m0s", "30m0s", "45s", "0s".</summary>
    public static string Format(TimeSpan duration)
    {
        var total = (long)duration.TotalSeconds;
        var hours = total / 3600;
        var minutes = total % 3600 / 60;
        var seconds = total % 60;
        var text = new StringBuilder();
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return text.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('s').ToString();
    }
}
