using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;

namespace OceanClassic.ObClient;

// Typed access to the current row: values arrive as text and are converted by column type.
public sealed partial class ObDataReader
{
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd"];

    public MySqlColumnType GetColumnType(int ordinal) => Column(ordinal).Type;

    public override string GetName(int ordinal) => Column(ordinal).Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
    }

    public override string GetDataTypeName(int ordinal) => Column(ordinal).Type switch
    {
        MySqlColumnType.Tiny => "TINYINT",
        MySqlColumnType.Short => "SMALLINT",
        MySqlColumnType.Int24 => "MEDIUMINT",
        MySqlColumnType.Long => "INT",
        MySqlColumnType.LongLong => "BIGINT",
        MySqlColumnType.Float => "FLOAT",
        MySqlColumnType.Double => "DOUBLE",
        MySqlColumnType.Decimal or MySqlColumnType.NewDecimal => "DECIMAL",
        MySqlColumnType.Date => "DATE",
        MySqlColumnType.DateTime => "DATETIME",
        MySqlColumnType.Timestamp => "TIMESTAMP",
        MySqlColumnType.Time => "TIME",
        MySqlColumnType.Year => "YEAR",
        MySqlColumnType.Bit => "BIT",
        MySqlColumnType.Null => "NULL",
        MySqlColumnType.Blob or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob =>
            IsBinary(Column(ordinal)) ? "BLOB" : "TEXT",
        _ => IsBinary(Column(ordinal)) ? "VARBINARY" : "VARCHAR",
    };

    public override Type GetFieldType(int ordinal)
    {
        var column = Column(ordinal);
        return column.Type switch
        {
            MySqlColumnType.Tiny => column.Unsigned ? typeof(byte) : typeof(sbyte),
            MySqlColumnType.Short => column.Unsigned ? typeof(ushort) : typeof(short),
            MySqlColumnType.Int24 or MySqlColumnType.Long => column.Unsigned ? typeof(uint) : typeof(int),
            MySqlColumnType.LongLong => column.Unsigned ? typeof(ulong) : typeof(long),
            MySqlColumnType.Year => typeof(int),
            MySqlColumnType.Bit => typeof(ulong),
            MySqlColumnType.Float => typeof(float),
            MySqlColumnType.Double => typeof(double),
            MySqlColumnType.Decimal or MySqlColumnType.NewDecimal => typeof(decimal),
            MySqlColumnType.Date or MySqlColumnType.DateTime or MySqlColumnType.Timestamp => typeof(DateTime),
            MySqlColumnType.Time => typeof(TimeSpan),
            MySqlColumnType.Null => typeof(DBNull),
            _ => IsBinary(column) ? typeof(byte[]) : typeof(string),
        };
    }

    public override bool IsDBNull(int ordinal)
    {
        CheckRow(ordinal);
        return _lengths[ordinal] < 0;
    }

    public override object GetValue(int ordinal)
    {
        if (IsDBNull(ordinal))
        {
            return DBNull.Value;
        }

        var type = GetFieldType(ordinal);
        return type switch
        {
            _ when type == typeof(string) => GetString(ordinal),
            _ when type == typeof(long) => GetInt64(ordinal),
            _ when type == typeof(int) => GetInt32(ordinal),
            _ when type == typeof(short) => GetInt16(ordinal),
            _ when type == typeof(sbyte) => checked((sbyte)GetInt64(ordinal)),
            _ when type == typeof(byte) => GetByte(ordinal),
            _ when type == typeof(ulong) => GetUInt64(ordinal),
            _ when type == typeof(uint) => checked((uint)GetUInt64(ordinal)),
            _ when type == typeof(ushort) => checked((ushort)GetUInt64(ordinal)),
            _ when type == typeof(double) => GetDouble(ordinal),
            _ when type == typeof(float) => GetFloat(ordinal),
            _ when type == typeof(decimal) => GetDecimal(ordinal),
            _ when type == typeof(DateTime) => GetDateTime(ordinal),
            _ when type == typeof(TimeSpan) => GetTimeSpan(ordinal),
            _ when type == typeof(byte[]) => Value(ordinal).ToArray(),
            _ => DBNull.Value,
        };
    }

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override string GetString(int ordinal) => Encoding.UTF8.GetString(Value(ordinal));

    public override long GetInt64(int ordinal)
    {
        var value = Value(ordinal);
        return Utf8Parser.TryParse(value, out long result, out var consumed) && consumed == value.Length
            ? result
            : throw Invalid(ordinal, "Int64");
    }

    public ulong GetUInt64(int ordinal)
    {
        var value = Value(ordinal);
        if (Column(ordinal).Type == MySqlColumnType.Bit && value.Length <= 8 && IsBinary(Column(ordinal)))
        {
            Span<byte> buffer = stackalloc byte[8];
            buffer.Clear();
            value.CopyTo(buffer[(8 - value.Length)..]);
            return BinaryPrimitives.ReadUInt64BigEndian(buffer);
        }

        return Utf8Parser.TryParse(value, out ulong result, out var consumed) && consumed == value.Length
            ? result
            : throw Invalid(ordinal, "UInt64");
    }

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    public override bool GetBoolean(int ordinal)
    {
        var value = Value(ordinal);
        if (value.SequenceEqual("true"u8) || value.SequenceEqual("TRUE"u8))
        {
            return true;
        }

        return !value.SequenceEqual("false"u8) && !value.SequenceEqual("FALSE"u8) && GetDecimal(ordinal) != 0;
    }

    public override double GetDouble(int ordinal)
    {
        var value = Value(ordinal);
        return Utf8Parser.TryParse(value, out double result, out var consumed) && consumed == value.Length
            ? result
            : throw Invalid(ordinal, "Double");
    }

    public override float GetFloat(int ordinal)
    {
        var value = Value(ordinal);
        return Utf8Parser.TryParse(value, out float result, out var consumed) && consumed == value.Length
            ? result
            : throw Invalid(ordinal, "Single");
    }

    public override decimal GetDecimal(int ordinal)
    {
        var value = Value(ordinal);
        return Utf8Parser.TryParse(value, out decimal result, out var consumed) && consumed == value.Length
            ? result
            : throw Invalid(ordinal, "Decimal");
    }

    public override DateTime GetDateTime(int ordinal) =>
        DateTime.TryParseExact(GetString(ordinal), DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var result)
            ? result
            : throw Invalid(ordinal, "DateTime");

    // TIME may exceed 24 hours or be negative ("-838:59:59"), so it is parsed by hand.
    public TimeSpan GetTimeSpan(int ordinal)
    {
        var text = GetString(ordinal);
        var negative = text.StartsWith('-');
        var parts = text.TrimStart('-').Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || !double.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            throw Invalid(ordinal, "TimeSpan");
        }

        var span = new TimeSpan(hours, minutes, 0) + TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return negative ? -span : span;
    }

    public override Guid GetGuid(int ordinal) => Guid.Parse(GetString(ordinal));

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var value = Value(ordinal);
        if (buffer is null)
        {
            return value.Length;
        }

        var start = (int)Math.Min(dataOffset, value.Length);
        var count = Math.Min(length, value.Length - start);
        value.Slice(start, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var start = (int)Math.Min(dataOffset, text.Length);
        var count = Math.Min(length, text.Length - start);
        text.CopyTo(start, buffer, bufferOffset, count);
        return count;
    }

    private static bool IsBinary(in ColumnDefinitionPayload column) =>
        column.CharacterSet == CharacterSets.Binary
        && column.Type is MySqlColumnType.Blob or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob
            or MySqlColumnType.VarString or MySqlColumnType.String or MySqlColumnType.VarChar or MySqlColumnType.Bit;

    private ColumnDefinitionPayload Column(int ordinal)
    {
        if ((uint)ordinal >= (uint)_columns.Length)
        {
            throw new IndexOutOfRangeException($"Column ordinal {ordinal} is out of range (the result has {_columns.Length} columns).");
        }

        return _columns[ordinal];
    }

    private void CheckRow(int ordinal)
    {
        Column(ordinal);
        if (!_onRow)
        {
            throw new InvalidOperationException("The reader is not positioned on a row; call ReadAsync first.");
        }
    }

    private ReadOnlySpan<byte> Value(int ordinal)
    {
        CheckRow(ordinal);
        var length = _lengths[ordinal];
        if (length < 0)
        {
            throw new InvalidCastException($"Column '{_columns[ordinal].Name}' is NULL; check IsDBNull first.");
        }

        return _row.Span.Slice(_offsets[ordinal], length);
    }

    private InvalidCastException Invalid(int ordinal, string target) =>
        new($"Column '{_columns[ordinal].Name}' value '{Encoding.UTF8.GetString(_row.Span.Slice(_offsets[ordinal], Math.Max(_lengths[ordinal], 0)))}' is not a valid {target}.");
}
