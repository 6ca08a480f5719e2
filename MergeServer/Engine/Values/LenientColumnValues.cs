using System.Globalization;
using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Values;

// The IGNORE form of ColumnValueConverter (INSERT IGNORE, UPDATE IGNORE, LOAD DATA … IGNORE): a value
// strict mode refuses is stored adjusted and the statement goes on with a warning, as MariaDB does:
// - out of range (1264): the type's nearest limit;
// - text that is no number (1366): 0; text with a number in front ('12abc', 1265): that number;
// - bytes that are not UTF-8 in a character column (1366): '?' for each;
// - a string longer than the column (MariaDB warns 1265 "Data truncated"): its first `length` characters
//   (bytes for binary types);
// - NULL into NOT NULL (1048): the type's implicit default (0, '').
// MariaDB's zero date ('0000-00-00') does not exist here (README: NO_ZERO_DATE), so a bad date becomes
// NULL in a nullable column (warning 1265) and stays error 1292 in a NOT NULL one.
public static class LenientColumnValues
{
    public static ObObj Convert(ObObj value, TableSchema table, ColumnSchema column, int row, StatementWarnings warnings, TimeSpan utcOffset = default)
    {
        try
        {
            return ColumnValueConverter.Convert(value, column, row, utcOffset);
        }
        catch (SqlError e) when (Adjusted(e.Code, value, column) is { } adjusted)
        {
            var (code, message) = e.Code switch
            {
                ErrorCodes.DataTooLong or ErrorCodes.TruncatedWrongValueForDate => (ErrorCodes.DataTruncated, $"Data truncated for column '{column.Name}' at row {row}"),
                // MariaDB names the column with its database and table in this one.
                ErrorCodes.TruncatedWrongValue => (e.Code, e.Message.Replace($"for column '{column.Name}'",
                    $"for column `{table.Database}`.`{table.Name}`.`{column.Name}`", StringComparison.Ordinal)),
                _ => (e.Code, e.Message),
            };
            warnings.Add(code, message);
            return adjusted.IsNull ? adjusted : ColumnValueConverter.Convert(adjusted, column, row, utcOffset);
        }
    }

    // The value stored instead, or null when the error stands.
    private static ObObj? Adjusted(int code, ObObj value, ColumnSchema column) => code switch
    {
        ErrorCodes.BadNull => ImplicitDefault(column),
        ErrorCodes.OutOfRange => NearestLimit(value, column),
        ErrorCodes.TruncatedWrongValue => column.IsText ? WithoutInvalidBytes(value) : ObObj.FromInt(0),
        ErrorCodes.DataTruncated => LeadingNumber(value.ToText() ?? ""),
        ErrorCodes.DataTooLong => Cut(value, column),
        ErrorCodes.TruncatedWrongValueForDate => column.Nullable ? ObObj.Null : null,
        _ => null,
    };

    // Text whose bytes are not all UTF-8 is stored with '?' for each invalid byte, as MariaDB does.
    private static ObObj? WithoutInvalidBytes(ObObj value) =>
        value.ToText() is { } text && LosslessUtf8.HasEscapes(text) ? ObObj.FromString(LosslessUtf8.ReplaceEscapes(text, '?')) : null;

    // The value a NOT NULL column takes when IGNORE lets a missing or NULL value through; null = none.
    public static ObObj? ImplicitDefault(ColumnSchema column) => column.Type switch
    {
        ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp => null,
        ColumnType.Binary or ColumnType.VarBinary or ColumnType.Blob => ObObj.FromBinary([]),
        _ when column.IsText => ObObj.FromString(""),
        _ => ObObj.FromInt(0),
    };

    private static ObObj? NearestLimit(ObObj value, ColumnSchema column)
    {
        var negative = value.Type == ObType.String
            ? (value.String.TrimStart() is var t && t.StartsWith('-'))
            : value.ToDouble() < 0;
        switch (column.Type)
        {
            case ColumnType.TinyInt or ColumnType.SmallInt or ColumnType.MediumInt or ColumnType.Int or ColumnType.BigInt or ColumnType.Bool:
                var (min, max) = ColumnValueConverter.IntegerRange(column.Type == ColumnType.Bool ? ColumnType.TinyInt : column.Type, column.Unsigned);
                return negative ? ObObj.FromInt(min) : ObObj.FromUInt(max);
            case ColumnType.Decimal:
                if (negative && column.Unsigned)
                    return ObObj.FromInt(0);
                var precision = column.Precision > 0 ? column.Precision : 10;
                var scale = Math.Clamp(column.Scale, 0, 28);
                var limit = decimal.Parse(new string('9', Math.Min(precision, 28) - scale) + (scale > 0 ? "." + new string('9', scale) : ""),
                    CultureInfo.InvariantCulture);
                return ObObj.FromDecimal(negative ? -limit : limit);
            case ColumnType.Float or ColumnType.Double when negative && column.Unsigned:
                return ObObj.FromDouble(0);
            case ColumnType.Float or ColumnType.Double when column.Precision > 0:
                var fixedLimit = ColumnValueConverter.FixedDecimals(0, column).Limit;
                return ObObj.FromDouble(negative ? -fixedLimit : fixedLimit);
            case ColumnType.Float:
                return ObObj.FromDouble(negative ? -float.MaxValue : float.MaxValue);
            case ColumnType.Double:
                return ObObj.FromDouble(negative ? -double.MaxValue : double.MaxValue);
            default:
                return null;
        }
    }

    private static ObObj LeadingNumber(string text)
    {
        var span = text.AsSpan().TrimStart();
        var end = 0;
        if (end < span.Length && span[end] is '+' or '-')
            end++;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.'))
            end++;
        return decimal.TryParse(span[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? ObObj.FromDecimal(d) : ObObj.FromInt(0);
    }

    private static ObObj? Cut(ObObj value, ColumnSchema column)
    {
        if (column.Type is ColumnType.Binary or ColumnType.VarBinary or ColumnType.Blob)
        {
            var bytes = ObObj.BytesOf(value);
            return ObObj.FromBinary(bytes[..Math.Min(bytes.Length, column.Type == ColumnType.Blob ? 65535 : column.Length)]);
        }
        var text = value.ToText() ?? "";
        if (column.Type is not (ColumnType.Char or ColumnType.VarChar))
            return null;
        var cut = new System.Text.StringBuilder();
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == column.Length)
                break;
            cut.Append(rune.ToString());
        }
        return ObObj.FromString(cut.ToString());
    }
}
