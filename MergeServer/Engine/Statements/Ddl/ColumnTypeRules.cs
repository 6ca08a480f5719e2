using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// The declaration rules of the types with parameters, as MariaDB checks them in CREATE TABLE: ENUM/SET
// members lose trailing spaces and may not repeat under the column's collation (1291), a SET member may
// not hold a comma (1367) and a SET has at most 64 members; BIT(n) takes 1..64 bits (1439); TIME(fsp),
// DATETIME(fsp) and TIMESTAMP(fsp) at most 6 digits (1426). TEXT(n)/BLOB(n) pick the smallest size that holds n characters/bytes.
public static class ColumnTypeRules
{
    private const int MaxSetMembers = 64;
    private const int MaxBitWidth = 64;
    private const int MaxFsp = 6;

    public static ColumnSchema Check(ColumnSchema column)
    {
        switch (column.Type)
        {
            case ColumnType.Enum or ColumnType.Set:
                return column with { Members = Members(column) };
            case ColumnType.Bit when column.Length is < 0 or > MaxBitWidth:
                throw SqlError.FromCode(ErrorCodes.TooBigDisplayWidth, $"Display width out of range for '{column.Name}' (max = {MaxBitWidth})");
            case ColumnType.Bit when column.Length == 0:
                return column with { Length = 1 };
            case ColumnType.Time when column.Precision > MaxFsp:
            case ColumnType.DateTime or ColumnType.Timestamp when column.FractionalDigits > MaxFsp:
                throw SqlError.FromCode(ErrorCodes.TooBigPrecision, $"Too big precision specified for '{column.Name}'. Maximum is {MaxFsp}");
            default:
                return column;
        }
    }

    // TINY/MEDIUM/LONG TEXT and BLOB by name; TEXT(n) / BLOB(n) by the bytes n characters need.
    public static int LobBytes(SqlDataType t, int bytesPerCharacter) => t.Kind switch
    {
        SqlTypeKind.TinyText or SqlTypeKind.TinyBlob => ColumnSchema.TinyBytes,
        SqlTypeKind.MediumText or SqlTypeKind.MediumBlob => ColumnSchema.MediumBytes,
        SqlTypeKind.LongText or SqlTypeKind.LongBlob => ColumnSchema.LongBytes,
        _ when t.Length is { } n => ((long)n * bytesPerCharacter) switch
        {
            <= ColumnSchema.TinyBytes => ColumnSchema.TinyBytes,
            <= ColumnSchema.PlainBytes => ColumnSchema.PlainBytes,
            <= ColumnSchema.MediumBytes => ColumnSchema.MediumBytes,
            _ => ColumnSchema.LongBytes,
        },
        _ => ColumnSchema.PlainBytes,
    };

    private static List<string> Members(ColumnSchema column)
    {
        var kind = column.Type == ColumnType.Enum ? "ENUM" : "SET";
        var collation = Collation.Of(column.Collation);
        var members = new List<string>();
        foreach (var raw in column.Members ?? [])
        {
            var member = raw.TrimEnd(' ');
            if (members.Any(m => collation.Equals(m, member)))
                throw SqlError.FromCode(ErrorCodes.DuplicatedValueInType, $"Column '{column.Name}' has duplicated value '{member}' in {kind}");
            if (column.Type == ColumnType.Set && member.Contains(',', StringComparison.Ordinal))
                throw SqlError.FromCode(ErrorCodes.IllegalValueForType, $"Illegal set '{member}' value found during parsing");
            members.Add(member);
        }
        if (column.Type == ColumnType.Set && members.Count > MaxSetMembers)
            throw SqlError.FromCode(ErrorCodes.TooBigSetMembers, $"Too many strings for column {column.Name} and SET");
        return members;
    }
}
