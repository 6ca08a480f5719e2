using System.Text;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Values;

// ENUM and SET values as MariaDB stores them: text matches a member under the column's collation
// (trailing spaces ignored) and is stored in the member's declared spelling; a number is an ENUM index
// (1-based) or a SET bit mask; text that names no member is read as such a number when it is one. A SET
// is stored as its members in declared order, each once. Anything else is 1265 (strict mode).
public static partial class ColumnValueConverter
{
    private static ObObj ToEnum(ObObj value, ColumnSchema column, int row)
    {
        var members = column.Members ?? [];
        if (value.Type is ObType.String or ObType.Binary)
        {
            var text = value.ToText() ?? "";
            var index = MemberIndex(members, text, column.Collation);
            if (index >= 0)
                return ObObj.FromString(members[index]);
            if (!ulong.TryParse(text.Trim(), out var number))
                ThrowTruncated(column, row);
            value = ObObj.FromUInt(number);
        }
        var n = WholeNumber(value, column, row);
        if (n < 1 || n > (ulong)members.Count)
            ThrowTruncated(column, row);
        return ObObj.FromString(members[(int)n - 1]);
    }

    private static ObObj ToSet(ObObj value, ColumnSchema column, int row)
    {
        var members = column.Members ?? [];
        ulong mask = 0;
        if (value.Type is ObType.String or ObType.Binary)
        {
            var text = value.ToText() ?? "";
            if (text.Length > 0)
            {
                foreach (var part in text.Split(','))
                {
                    var index = MemberIndex(members, part, column.Collation);
                    if (index < 0)
                    {
                        if (!ulong.TryParse(text.Trim(), out mask))
                            ThrowTruncated(column, row);
                        break;
                    }
                    mask |= 1UL << index;
                }
            }
        }
        else
        {
            mask = WholeNumber(value, column, row);
        }
        if (members.Count < 64 && mask >> members.Count != 0)
            ThrowTruncated(column, row);
        return ObObj.FromString(SetText(members, mask));
    }

    // The members a bit mask names, in declared order.
    public static string SetText(IReadOnlyList<string> members, ulong mask)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < members.Count; i++)
        {
            if ((mask & (1UL << i)) == 0)
                continue;
            if (sb.Length > 0)
                sb.Append(',');
            sb.Append(members[i]);
        }
        return sb.ToString();
    }

    private static int MemberIndex(IReadOnlyList<string> members, string text, CollationId collationId)
    {
        var collation = Collation.Of(collationId);
        var trimmed = text.TrimEnd(' ');
        for (var i = 0; i < members.Count; i++)
        {
            if (collation.Equals(members[i], trimmed))
                return i;
        }
        return -1;
    }

    private static ulong WholeNumber(ObObj value, ColumnSchema column, int row)
    {
        var d = Math.Round(value.ToDecimal(), MidpointRounding.AwayFromZero);
        if (d < 0 || d > ulong.MaxValue)
            ThrowTruncated(column, row);
        return (ulong)d;
    }

    private static void ThrowTruncated(ColumnSchema column, int row) =>
        Throw(ErrorCodes.DataTruncated, $"Data truncated for column '{column.Name}' at row {row}");
}
