using System.Globalization;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Types;

// One typed cell value. 24 bytes: scalars live in _bits, strings and decimals in _ref.
// DateTime and Date hold microseconds since 1970-01-01 UTC (no time zone, as MySQL DATETIME).
// A string's _bits carry its collation and derivation (0 = utf8mb4_general_ci, coercible): SQL
// comparisons read them (CollationComparer); CompareTo/Equals here stay exact (ordinal).
// A JSON text is a string flagged by bit 14.
// An ENUM or SET value read from its column is a string that also carries its number (index or bit
// mask, bits 16..63 of _bits, flagged by bit 15): numeric contexts read that number (e + 0), text
// contexts the string. A binary string flagged numeric (_bits = 1: a 0x.. or b'..' literal; 2: a BIT
// column's value) is a big-endian unsigned number in numeric contexts, as MySQL reads hex and bit literals.
// A TIME holds signed microseconds in _bits and its fractional-second precision (0..6) boxed in _ref
// (shared boxes, no allocation), or null when the value has no declared precision. A DATETIME may carry
// its precision the same way (a DATETIME(n) column's value, NOW(n)): it then shows exactly n digits.
public readonly struct ObObj : IEquatable<ObObj>, IComparable<ObObj>
{
    private readonly long _bits;
    private readonly object? _ref;

    public ObType Type { get; }

    private ObObj(ObType type, long bits, object? reference)
    {
        Type = type;
        _bits = bits;
        _ref = reference;
    }

    public static readonly ObObj Null = new(ObType.Null, 0, null);
    public static readonly ObObj NotWritten = new(ObType.NotWritten, 0, null);
    public static readonly ObObj RowDeleted = new(ObType.RowDeleted, 0, null);
    public static readonly ObObj True = new(ObType.Bool, 1, null);
    public static readonly ObObj False = new(ObType.Bool, 0, null);

    public static ObObj FromInt(long value) => new(ObType.Int, value, null);
    public static ObObj FromUInt(ulong value) => new(ObType.UInt, unchecked((long)value), null);
    public static ObObj FromDouble(double value) => new(ObType.Double, BitConverter.DoubleToInt64Bits(value), null);
    public static ObObj FromDecimal(decimal value) => new(ObType.Decimal, 0, value);
    public static ObObj FromString(string value) => new(ObType.String, 0, value);
    public static ObObj FromString(string value, CollationId collation, CollationDerivation derivation) =>
        new(ObType.String, (long)collation | ((long)derivation << 8), value);
    public static ObObj FromBool(bool value) => value ? True : False;
    public static ObObj FromBinary(byte[] value) => new(ObType.Binary, 0, value);
    public static ObObj FromBinary(byte[] value, bool numeric) => new(ObType.Binary, numeric ? 1 : 0, value);
    public static ObObj FromBitValue(byte[] value) => new(ObType.Binary, 2, value);

    // A BIT column's value (HEX, BIN and OCT read it as its number, not its bytes).
    public bool IsBitValue => Type == ObType.Binary && _bits == 2;

    // An ENUM/SET member text with its index or bit mask (numbers beyond 48 bits are not kept).
    public static ObObj FromStringWithNumber(string value, ulong number, CollationId collation, CollationDerivation derivation) =>
        new(ObType.String, (long)collation | ((long)derivation << 8) | StringNumberFlag | (long)((number & 0xFFFF_FFFF_FFFFUL) << 16), value);

    public static ObObj FromTimeMicros(long micros, int fsp = -1) =>
        new(ObType.Time, micros, fsp is >= 0 and <= 6 ? FspBoxes[fsp] : null);

    // A JSON document's text (a JSON column's value or a JSON function's result): the JSON functions
    // embed it as JSON rather than as a string, and comparisons read its scalar.
    public static ObObj FromJson(string text) => new(ObType.String, JsonFlag | (long)CollationId.Utf8mb4Bin, text);

    public bool IsJson => Type == ObType.String && (_bits & JsonFlag) != 0;

    private const long StringNumberFlag = 0x8000;
    private const long JsonFlag = 0x4000;
    private static readonly object[] FspBoxes = [0, 1, 2, 3, 4, 5, 6];
    public static ObObj FromDateTimeMicros(long micros, int fsp = -1) =>
        new(ObType.DateTime, micros, fsp is >= 0 and <= 6 ? FspBoxes[fsp] : null);
    public static ObObj FromDateMicros(long micros) => new(ObType.Date, micros, null);
    public static ObObj FromDateTime(DateTime value) => FromDateTimeMicros((value.Ticks - DateTime.UnixEpoch.Ticks) / 10);

    public bool IsNull => Type == ObType.Null;
    public bool IsMarker => Type >= ObType.NotWritten;
    public bool IsNumeric => Type is ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double or ObType.Bool;
    public bool IsBinary => Type == ObType.Binary;

    // An ENUM/SET string's number or a numeric binary string's value (see the header); null for any other value.
    public ulong? CarriedNumber => Type switch
    {
        ObType.String when (_bits & StringNumberFlag) != 0 => (ulong)_bits >> 16,
        ObType.Binary when _bits != 0 => BigEndianValue(Bytes),
        _ => null,
    };

    // A TIME's fractional-second precision, -1 when it has none declared.
    public int TimeFsp => Type == ObType.Time && _ref is int fsp ? fsp : -1;

    // A DATETIME's fractional-second precision, -1 when it has none declared.
    public int DateTimeFsp => Type == ObType.DateTime && _ref is int fsp ? fsp : -1;

    private static ulong BigEndianValue(byte[] bytes)
    {
        ulong v = 0;
        foreach (var b in bytes)
            v = (v << 8) | b;
        return v;
    }

    public long Int => _bits;
    public ulong UInt => unchecked((ulong)_bits);
    public double Double => BitConverter.Int64BitsToDouble(_bits);
    public decimal Decimal => (decimal)_ref!;
    public string String => (string)_ref!;
    public byte[] Bytes => (byte[])_ref!;
    public bool Bool => _bits != 0;
    public long Micros => _bits;
    public DateTime DateTime => new(DateTime.UnixEpoch.Ticks + (_bits * 10), DateTimeKind.Unspecified);

    // A string's collation tag (the default for any other type).
    public CollationId Collation => Type == ObType.String ? (CollationId)(byte)_bits : CollationId.Utf8mb4GeneralCi;
    public CollationDerivation Derivation => Type == ObType.String ? (CollationDerivation)(byte)(_bits >> 8) : CollationDerivation.Coercible;

    // The same string under another collation; any other value unchanged.
    public ObObj WithCollation(CollationId collation, CollationDerivation derivation) =>
        Type == ObType.String ? new(ObType.String, (_bits & ~0x3FFFL) | (long)collation | ((long)derivation << 8), String) : this;

    // Numeric views used by arithmetic and comparisons across kinds.
    public double ToDouble() => Type switch
    {
        ObType.Int or ObType.Bool => _bits,
        ObType.UInt => UInt,
        ObType.Double => Double,
        ObType.Decimal => (double)Decimal,
        ObType.String or ObType.Binary when CarriedNumber is { } n => n,
        ObType.String => ParseDoublePrefix(String),
        ObType.Binary => ParseDoublePrefix(ToText()!),
        ObType.DateTime or ObType.Date => _bits,
        ObType.Time => (double)TimeText.ToNumber(_bits, TimeFsp),
        _ => 0,
    };

    public decimal ToDecimal() => Type switch
    {
        ObType.Int or ObType.Bool => _bits,
        ObType.UInt => UInt,
        ObType.Double => double.IsFinite(Double) && Math.Abs(Double) < 7.9e28 ? (decimal)Double : 0m,
        ObType.Decimal => Decimal,
        ObType.String or ObType.Binary when CarriedNumber is { } n => n,
        ObType.Time => TimeText.ToNumber(_bits, TimeFsp),
        ObType.String => decimal.TryParse(String.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (decimal)ParseDoublePrefix(String),
        ObType.Binary => FromString(ToText()!).ToDecimal(),
        _ => 0m,
    };

    public long ToInt64() => Type switch
    {
        ObType.Int or ObType.Bool or ObType.DateTime or ObType.Date => _bits,
        ObType.UInt => unchecked((long)UInt),
        ObType.Double => (long)Math.Round(Double, MidpointRounding.AwayFromZero),
        ObType.Decimal => (long)Math.Round(Decimal, MidpointRounding.AwayFromZero),
        ObType.String or ObType.Binary when CarriedNumber is { } n => unchecked((long)n),
        ObType.Time => (long)Math.Round(TimeText.ToNumber(_bits, TimeFsp), MidpointRounding.AwayFromZero),
        ObType.String => (long)Math.Round(ParseDoublePrefix(String), MidpointRounding.AwayFromZero),
        ObType.Binary => (long)Math.Round(ParseDoublePrefix(ToText()!), MidpointRounding.AwayFromZero),
        _ => 0,
    };

    // MySQL reads the longest numeric prefix of a string ("12abc" -> 12, "abc" -> 0).
    public static double ParseDoublePrefix(string s)
    {
        var span = s.AsSpan().Trim();
        int end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] is '.' or '-' or '+' or 'e' or 'E'))
            end++;
        for (; end > 0; end--)
        {
            if (double.TryParse(span[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                return v;
        }
        return 0;
    }

    // The MySQL text-protocol rendering of the value; null for SQL NULL.
    public string? ToText() => Type switch
    {
        ObType.Null or ObType.NotWritten or ObType.RowDeleted => null,
        ObType.Int => _bits.ToString(CultureInfo.InvariantCulture),
        ObType.UInt => UInt.ToString(CultureInfo.InvariantCulture),
        ObType.Double => FormatDouble(Double),
        ObType.Decimal => Decimal.ToString(CultureInfo.InvariantCulture),
        ObType.String => String,
        ObType.Binary => LosslessUtf8.GetString(Bytes),
        ObType.Bool => _bits != 0 ? "1" : "0",
        ObType.DateTime => FormatDateTime(_bits, DateTimeFsp),
        ObType.Date => DateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ObType.Time => TimeText.Format(_bits, TimeFsp),
        _ => null,
    };

    private static string FormatDouble(double d) => DoubleText.Format(d);

    // Exactly fsp fraction digits; without a declared precision six when there is a fraction, else none.
    private static string FormatDateTime(long micros, int fsp)
    {
        if (fsp < 0)
            fsp = micros % 1_000_000 == 0 ? 0 : 6;
        var dt = new DateTime(DateTime.UnixEpoch.Ticks + (FractionalSeconds.Truncate(micros, fsp) * 10), DateTimeKind.Unspecified);
        var text = dt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        return fsp == 0 ? text[..19] : text[..(20 + fsp)];
    }

    // Total order used by ORDER BY, MIN/MAX and key checks. NULL sorts first (as MySQL).
    // Values of different numeric kinds compare numerically; strings compare ordinally (binary collation).
    public int CompareTo(ObObj other)
    {
        if (Type == ObType.Null || other.Type == ObType.Null)
            return (Type == ObType.Null ? 0 : 1) - (other.Type == ObType.Null ? 0 : 1);
        if (Type == other.Type)
        {
            return Type switch
            {
                ObType.Int or ObType.Bool or ObType.DateTime or ObType.Date or ObType.Time => _bits.CompareTo(other._bits),
                ObType.UInt => UInt.CompareTo(other.UInt),
                ObType.Binary when _bits != 0 && other._bits != 0 => CarriedNumber!.Value.CompareTo(other.CarriedNumber!.Value),
                ObType.Double => Double.CompareTo(other.Double),
                ObType.Decimal => Decimal.CompareTo(other.Decimal),
                ObType.String => string.CompareOrdinal(String, other.String),
                ObType.Binary => Bytes.AsSpan().SequenceCompareTo(other.Bytes),
                _ => 0,
            };
        }
        // A binary string against text compares bytes (MySQL compares as binary when either side is).
        if ((Type == ObType.Binary && other.Type == ObType.String) || (Type == ObType.String && other.Type == ObType.Binary))
            return BytesOf(this).AsSpan().SequenceCompareTo(BytesOf(other));
        if (Type == ObType.String && other.Type == ObType.String)
            return string.CompareOrdinal(String, other.String);
        if ((Type is ObType.Int or ObType.Bool) && other.Type == ObType.UInt)
            return _bits < 0 ? -1 : ((ulong)_bits).CompareTo(other.UInt);
        if (Type == ObType.UInt && (other.Type is ObType.Int or ObType.Bool))
            return other._bits < 0 ? 1 : UInt.CompareTo((ulong)other._bits);
        if ((IsNumeric || Type is ObType.String or ObType.Binary) && (other.IsNumeric || other.Type is ObType.String or ObType.Binary))
        {
            if (IsNumeric && other.IsNumeric && Type != ObType.Double && other.Type != ObType.Double)
                return ToDecimal().CompareTo(other.ToDecimal());
            return ToDouble().CompareTo(other.ToDouble());
        }
        if ((Type is ObType.DateTime or ObType.Date) && (other.Type is ObType.DateTime or ObType.Date))
            return _bits.CompareTo(other._bits);
        return string.CompareOrdinal(ToText(), other.ToText());
    }

    // The bytes of a string-like value: a binary value's own, a text value's UTF-8.
    public static byte[] BytesOf(ObObj value) => value.Type == ObType.Binary ? value.Bytes : LosslessUtf8.GetBytes(value.ToText() ?? "");

    // Grouping equality: NULLs are equal to each other, a string never equals a number
    // (so equal values always share a hash code), numbers of any kind compare by value.
    public bool Equals(ObObj other)
    {
        if (Type == ObType.Null || other.Type == ObType.Null)
            return Type == other.Type;
        if ((Type == ObType.String) != (other.Type == ObType.String) || (Type == ObType.Binary) != (other.Type == ObType.Binary))
            return false;
        return CompareTo(other) == 0;
    }

    public override bool Equals(object? obj) => obj is ObObj o && Equals(o);

    public override int GetHashCode() => Type switch
    {
        ObType.String => StringComparer.Ordinal.GetHashCode(String),
        ObType.Binary => ByteHash(Bytes),
        ObType.Null => 0,
        ObType.Double => Double == Math.Floor(Double) && Math.Abs(Double) < 9e18 ? ((long)Double).GetHashCode() : Double.GetHashCode(),
        ObType.Decimal => Decimal == Math.Floor(Decimal) && Math.Abs(Decimal) < 9e18m ? ((long)Decimal).GetHashCode() : Decimal.GetHashCode(),
        _ => _bits.GetHashCode(),
    };

    private static int ByteHash(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(ObObj left, ObObj right) => left.Equals(right);
    public static bool operator !=(ObObj left, ObObj right) => !left.Equals(right);
    public static bool operator <(ObObj left, ObObj right) => left.CompareTo(right) < 0;
    public static bool operator <=(ObObj left, ObObj right) => left.CompareTo(right) <= 0;
    public static bool operator >(ObObj left, ObObj right) => left.CompareTo(right) > 0;
    public static bool operator >=(ObObj left, ObObj right) => left.CompareTo(right) >= 0;

    public override string ToString() => Type switch
    {
        ObType.Null => "NULL",
        ObType.NotWritten => "<not written>",
        ObType.RowDeleted => "<row deleted>",
        _ => ToText() ?? "",
    };
}
