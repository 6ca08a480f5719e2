using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Values;

// Converts a value to the storage form of a column, with MySQL's strict-mode checks: NULL into NOT NULL
// (1048), numbers out of the type's range (1264), non-numeric text for a number and bytes that are not
// UTF-8 for a character column (1366: the query's raw bytes or a binary value), strings longer than
// the column (1406), bad dates (1292). `row` is 1-based, as in MySQL's messages. ENUM/SET, TIME, YEAR and
// BIT are converted in the partial files next to this one; TEXT and BLOB hold up to their size's bytes
// (ColumnSchema.MaxBytes), and a JSON column only valid JSON (4025, as MariaDB's CHECK (json_valid(c))).
public static partial class ColumnValueConverter
{
    // utcOffset: the session zone's offset from UTC, for a TIMESTAMP column (ColumnValueConverter.Timestamp.cs).
    public static ObObj Convert(ObObj value, ColumnSchema column, int row, TimeSpan utcOffset = default)
    {
        if (value.IsNull || value.IsMarker)
        {
            if (!column.Nullable)
                Throw(ErrorCodes.BadNull, $"Column '{column.Name}' cannot be null");
            return ObObj.Null;
        }
        return column.Type switch
        {
            ColumnType.TinyInt or ColumnType.SmallInt or ColumnType.MediumInt or ColumnType.Int or ColumnType.BigInt
                => ToInteger(value, column, row),
            ColumnType.Bool => ObObj.FromBool(ToInteger(value, column with { Type = ColumnType.TinyInt }, row).Int != 0),
            ColumnType.Decimal => ToDecimal(value, column, row),
            ColumnType.Float or ColumnType.Double => ToApproximate(value, column, row),
            ColumnType.Date => ToDateTime(value, column, row, dateOnly: true),
            ColumnType.DateTime => ToDateTime(value, column, row, dateOnly: false),
            ColumnType.Timestamp => ToTimestamp(value, column, row, utcOffset),
            ColumnType.Binary or ColumnType.VarBinary or ColumnType.Blob => ToBinary(value, column, row),
            ColumnType.Enum => ToEnum(value, column, row),
            ColumnType.Set => ToSet(value, column, row),
            ColumnType.Time => ToTime(value, column, row),
            ColumnType.Year => ToYear(value, column, row),
            ColumnType.Bit => ToBit(value, column, row),
            _ => ToText(value, column, row),
        };
    }

    public static (long Min, ulong Max) IntegerRange(ColumnType type, bool unsigned) => (type, unsigned) switch
    {
        (ColumnType.TinyInt, false) => (sbyte.MinValue, (ulong)sbyte.MaxValue),
        (ColumnType.TinyInt, true) => (0, byte.MaxValue),
        (ColumnType.SmallInt, false) => (short.MinValue, (ulong)short.MaxValue),
        (ColumnType.SmallInt, true) => (0, ushort.MaxValue),
        (ColumnType.MediumInt, false) => (-8388608, 8388607),
        (ColumnType.MediumInt, true) => (0, 16777215),
        (ColumnType.Int, false) => (int.MinValue, int.MaxValue),
        (ColumnType.Int, true) => (0, uint.MaxValue),
        (_, false) => (long.MinValue, long.MaxValue),
        (_, true) => (0, ulong.MaxValue),
    };

    private static ObObj ToInteger(ObObj value, ColumnSchema column, int row)
    {
        decimal number;
        switch (value.Type)
        {
            case ObType.Int:
            case ObType.Bool:
                number = value.Int;
                break;
            case ObType.UInt:
                number = value.UInt;
                break;
            case ObType.Double:
                if (!double.IsFinite(value.Double) || Math.Abs(value.Double) > 1.9e19)
                    ThrowOutOfRange(column, row);
                number = (decimal)value.Double;
                break;
            case ObType.String:
                number = ParseNumber(value.String, column, row, "integer");
                break;
            default:
                number = value.ToDecimal();
                break;
        }
        // A DOUBLE rounds half to even (MariaDB's rint: 2.5e0 stores 2), any other number half away from zero.
        number = Math.Round(number, value.Type == ObType.Double ? MidpointRounding.ToEven : MidpointRounding.AwayFromZero);
        var (min, max) = IntegerRange(column.Type, column.Unsigned);
        if (number < min || number > max)
            ThrowOutOfRange(column, row);
        return column.Unsigned ? ObObj.FromUInt((ulong)number) : ObObj.FromInt((long)number);
    }

    private static ObObj ToDecimal(ObObj value, ColumnSchema column, int row)
    {
        var number = value.Type switch
        {
            ObType.String => ParseNumber(value.String, column, row, "decimal"),
            ObType.Double when !double.IsFinite(value.Double) || Math.Abs(value.Double) > 7.9e28 => ThrowOutOfRange(column, row),
            _ => value.ToDecimal(),
        };
        var precision = column.Precision > 0 ? column.Precision : 10;
        var scale = Math.Clamp(column.Scale, 0, 28);
        number = Math.Round(number, scale, MidpointRounding.AwayFromZero);
        var intDigits = precision - scale;
        if (intDigits < 29 && Math.Abs(Math.Truncate(number)) >= Pow10(intDigits))
            ThrowOutOfRange(column, row);
        if (column.Unsigned && number < 0)
            ThrowOutOfRange(column, row);
        // A DECIMAL(p,s) value carries exactly s fraction digits (1.5 stored in DECIMAL(10,2) reads 1.50);
        // adding a zero of scale s raises the decimal's scale without changing its value.
        return ObObj.FromDecimal(number + new decimal(0, 0, 0, false, (byte)scale));
    }

    private static double ToDouble(ObObj value, ColumnSchema column, int row)
    {
        if (value.Type == ObType.String)
        {
            var text = value.String.Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                ThrowNotANumber(value.String, "double", column, row);
            return d;
        }
        var result = value.ToDouble();
        if (column.Type == ColumnType.Float && Math.Abs(result) > float.MaxValue)
            ThrowOutOfRange(column, row);
        return result;
    }

    // CHAR and VARCHAR lengths count characters (code points); spaces beyond the length are cut, not an
    // error (MariaDB warns 1265), and CHAR drops trailing spaces (they read back without them).
    private static ObObj ToText(ObObj value, ColumnSchema column, int row)
    {
        var text = value.ToText() ?? "";
        if (LosslessUtf8.IndexOfEscape(text) is var invalid and >= 0)
            Throw(ErrorCodes.TruncatedWrongValue, $"Incorrect string value: '{PrintableBytes(text[invalid..])}' for column '{column.Name}' at row {row}");
        if (column.Type is ColumnType.Char or ColumnType.VarChar && text.Length > column.Length)
            text = CutExcessSpaces(text, column.Length);
        if (column.Type == ColumnType.Char)
            text = text.TrimEnd(' ');
        var tooLong = column.Type switch
        {
            ColumnType.Char or ColumnType.VarChar => text.Length > column.Length && CharacterCount(text) > column.Length,
            ColumnType.Binary or ColumnType.VarBinary => text.Length > column.Length,
            _ => Encoding.UTF8.GetByteCount(text) > column.MaxBytes,
        };
        if (tooLong)
            Throw(ErrorCodes.DataTooLong, $"Data too long for column '{column.Name}' at row {row}");
        if (column.JsonValidated && !Common.Expr.Functions.JsonDocumentText.IsValid(text))
            Throw(ErrorCodes.ConstraintFailed, $"CONSTRAINT `{column.Name}` failed");
        return ObObj.FromString(text);
    }

    // Binary strings keep their bytes (text becomes its UTF-8); BINARY(n) pads with 0x00 to n bytes.
    private static ObObj ToBinary(ObObj value, ColumnSchema column, int row)
    {
        var bytes = ObObj.BytesOf(value);
        var limit = column.Type == ColumnType.Blob ? column.MaxBytes : column.Length;
        if (bytes.Length > limit)
            Throw(ErrorCodes.DataTooLong, $"Data too long for column '{column.Name}' at row {row}");
        if (column.Type == ColumnType.Binary && bytes.Length < column.Length)
        {
            var padded = new byte[column.Length];
            bytes.CopyTo(padded, 0);
            bytes = padded;
        }
        return ObObj.FromBinary(bytes);
    }

    private static int CharacterCount(string text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsSurrogatePair(text[i], text[i + 1]))
            {
                count--;
                i++;
            }
        }
        return count;
    }

    // MySQL's form of the bytes from an invalid one on: up to 6 bytes, printable ASCII as itself and any
    // other byte as \xHH, then "..." when more follow ('\xFF\xFEb', '\xE2\x82').
    private static string PrintableBytes(string fromInvalid)
    {
        const int MaxBytes = 6;
        var bytes = LosslessUtf8.GetBytes(fromInvalid);
        var printable = new StringBuilder();
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, MaxBytes)))
        {
            if (b is >= 0x20 and < 0x7F)
                printable.Append((char)b);
            else
                printable.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
        }
        if (bytes.Length > MaxBytes)
            printable.Append("...");
        return printable.ToString();
    }

    // The text without the spaces that run past `length` characters at its end.
    private static string CutExcessSpaces(string text, int length)
    {
        var kept = text.TrimEnd(' ');
        var keptCount = CharacterCount(kept);
        return keptCount >= length ? kept : text[..(kept.Length + (length - keptCount))];
    }

    private static ObObj ToDateTime(ObObj value, ColumnSchema column, int row, bool dateOnly)
    {
        long micros;
        switch (value.Type)
        {
            case ObType.DateTime:
            case ObType.Date:
                micros = value.Micros;
                break;
            case ObType.String when DateTimeText.TryParse(value.String, out var parsed):
                micros = parsed;
                break;
            case ObType.Int or ObType.UInt when DateTimeText.TryFromNumber(value.ToInt64(), out var fromNumber):
                micros = fromNumber;
                break;
            default:
                Throw(ErrorCodes.TruncatedWrongValueForDate,
                    $"Incorrect {(dateOnly ? "date" : "datetime")} value: '{value.ToText()}' for column '{column.Name}' at row {row}");
                return default;
        }
        if (dateOnly)
        {
            micros -= ((micros % DateTimeText.MicrosPerDay) + DateTimeText.MicrosPerDay) % DateTimeText.MicrosPerDay;
            return ObObj.FromDateMicros(micros);
        }
        return ObObj.FromDateTimeMicros(FractionalSeconds.Truncate(micros, column.FractionalDigits), column.FractionalDigits);
    }

    private static decimal ParseNumber(string text, ColumnSchema column, int row, string kind)
    {
        var trimmed = text.Trim();
        if (decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var dbl))
        {
            if (Math.Abs(dbl) > 7.9e28)
                ThrowOutOfRange(column, row);
            return (decimal)dbl;
        }
        ThrowNotANumber(text, kind, column, row);
        return 0;
    }

    // Strict mode refuses text that is not a number: 1265 when only a leading part of it is one
    // ('12abc'), 1366 when none is ('abc', '', '-').
    [DoesNotReturn]
    private static void ThrowNotANumber(string text, string kind, ColumnSchema column, int row)
    {
        var span = text.AsSpan().TrimStart();
        if (span.Length > 0 && span[0] is '+' or '-')
            span = span[1..];
        if (span.Length > 0 && (char.IsAsciiDigit(span[0]) || (span[0] == '.' && span.Length > 1 && char.IsAsciiDigit(span[1]))))
            Throw(ErrorCodes.DataTruncated, $"Data truncated for column '{column.Name}' at row {row}");
        Throw(ErrorCodes.TruncatedWrongValue, $"Incorrect {kind} value: '{text}' for column '{column.Name}' at row {row}");
    }

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++)
            r *= 10;
        return r;
    }

    [DoesNotReturn]
    private static decimal ThrowOutOfRange(ColumnSchema column, int row) =>
        throw SqlError.FromCode(ErrorCodes.OutOfRange, $"Out of range value for column '{column.Name}' at row {row}");

    [DoesNotReturn]
    private static void Throw(int code, string message) => throw SqlError.FromCode(code, message);
}
