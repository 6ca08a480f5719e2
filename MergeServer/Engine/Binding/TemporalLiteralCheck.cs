using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// DATE '…', TIME '…' and TIMESTAMP '…' take only a text that is such a value, as MariaDB 10.11 does:
// a DATE has no time part, a TIMESTAMP has one, every field is in range ('2024-02-30' is none);
// anything else is 1525 "Incorrect DATE value: '…'" (DATETIME for TIMESTAMP) at bind time, where the
// same text in CAST would give NULL and a warning.
// https://mariadb.com/kb/en/date-and-time-literals/
public static class TemporalLiteralCheck
{
    public static void Check(SqlTypeKind kind, string text)
    {
        var trimmed = text.Trim();
        bool valid = kind switch
        {
            SqlTypeKind.Date => !HasTimePart(trimmed) && DateTimeText.TryParse(trimmed, out _),
            SqlTypeKind.Time => TimeText.TryParse(trimmed, out var micros) && TimeText.InRange(micros),
            _ => HasTimePart(trimmed) && DateTimeText.TryParse(trimmed, out _),
        };
        if (!valid)
        {
            var name = kind switch { SqlTypeKind.Date => "DATE", SqlTypeKind.Time => "TIME", _ => "DATETIME" };
            SqlError.Throw(ErrorCodes.WrongValue, $"Incorrect {name} value: '{text}'");
        }
    }

    // A colon, or the 14-digit YYYYMMDDhhmmss form.
    private static bool HasTimePart(string text) =>
        text.Contains(':', StringComparison.Ordinal) || (text.Length > 8 && text.All(char.IsAsciiDigit));
}
