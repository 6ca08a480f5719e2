using System.Globalization;

namespace OceanClassic.Common.Config;

// Durations in config as "500ms", "10s", "2m", "1h" or a bare number of milliseconds.
public static class ConfigDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var s = text.Trim().ToLowerInvariant();
        (string digits, double scaleMs) = s switch
        {
            _ when s.EndsWith("ms", StringComparison.Ordinal) => (s[..^2], 1.0),
            _ when s.EndsWith("us", StringComparison.Ordinal) => (s[..^2], 0.001),
            _ when s.EndsWith('s') => (s[..^1], 1000.0),
            _ when s.EndsWith('m') => (s[..^1], 60_000.0),
            _ when s.EndsWith('h') => (s[..^1], 3_600_000.0),
            _ => (s, 1.0),
        };
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || !double.IsFinite(n))
            return false;
        value = TimeSpan.FromMilliseconds(n * scaleMs);
        return true;
    }

    // Validation helper: yields "key: problem" when the text is not a positive duration.
    public static IEnumerable<string> Check(string key, string? text, TimeSpan min)
    {
        if (!TryParse(text, out var v))
            yield return $"{key}: '{text}' is not a duration (use e.g. 500ms, 10s, 2m)";
        else if (v < min)
            yield return $"{key}: {text} is below the minimum {min.TotalMilliseconds}ms";
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new ConfigException($"'{text}' is not a duration");
}
