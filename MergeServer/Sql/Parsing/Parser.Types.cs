using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

public sealed partial class Parser
{
    private SqlDataType ParseDataType()
    {
        if (Current.Kind != TokenKind.Identifier)
        {
            throw Error();
        }

        var start = Current;
        string word = CurrentWord();
        _pos++;
        SqlDataType type = word switch
        {
            "TINYINT" => IntegerType(SqlTypeKind.TinyInt),
            "SMALLINT" => IntegerType(SqlTypeKind.SmallInt),
            "MEDIUMINT" => IntegerType(SqlTypeKind.MediumInt),
            "INT" or "INTEGER" => IntegerType(SqlTypeKind.Int),
            "BIGINT" => IntegerType(SqlTypeKind.BigInt),
            "DECIMAL" or "NUMERIC" or "DEC" or "FIXED" => NumericType(SqlTypeKind.Decimal),
            "FLOAT" => NumericType(SqlTypeKind.Float),
            "DOUBLE" => DoubleType(),
            "REAL" => NumericType(SqlTypeKind.Double),
            "CHAR" or "CHARACTER" => LengthType(Accept("VARYING") ? SqlTypeKind.VarChar : SqlTypeKind.Char),
            "VARCHAR" => LengthType(SqlTypeKind.VarChar, required: true),
            "BINARY" => LengthType(SqlTypeKind.Binary),
            "VARBINARY" => LengthType(SqlTypeKind.VarBinary, required: true),
            "TINYTEXT" => new SqlDataType(SqlTypeKind.TinyText),
            "TEXT" => LengthType(SqlTypeKind.Text),
            "MEDIUMTEXT" => new SqlDataType(SqlTypeKind.MediumText),
            "LONGTEXT" => new SqlDataType(SqlTypeKind.LongText),
            "TINYBLOB" => new SqlDataType(SqlTypeKind.TinyBlob),
            "BLOB" => LengthType(SqlTypeKind.Blob),
            "MEDIUMBLOB" => new SqlDataType(SqlTypeKind.MediumBlob),
            "LONGBLOB" => new SqlDataType(SqlTypeKind.LongBlob),
            "DATE" => new SqlDataType(SqlTypeKind.Date),
            "DATETIME" => FractionalType(SqlTypeKind.DateTime),
            "TIMESTAMP" => FractionalType(SqlTypeKind.Timestamp),
            "TIME" => FractionalType(SqlTypeKind.Time),
            "YEAR" => LengthType(SqlTypeKind.Year),
            "BOOL" or "BOOLEAN" => new SqlDataType(SqlTypeKind.Bool),
            "ENUM" => MemberType(SqlTypeKind.Enum),
            "SET" => MemberType(SqlTypeKind.Set),
            "BIT" => LengthType(SqlTypeKind.Bit),
            "JSON" => new SqlDataType(SqlTypeKind.Json),
            "SERIAL" => new SqlDataType(SqlTypeKind.Serial),
            _ => throw Error(start),
        };
        return type;
    }

    private SqlDataType IntegerType(SqlTypeKind kind)
    {
        int? width = Accept(TokenKind.LParen) ? ParseSmallIntThenClose() : null;
        return WithSignedness(new SqlDataType(kind, Length: width));
    }

    private SqlDataType WithSignedness(SqlDataType type)
    {
        while (true)
        {
            if (Accept("UNSIGNED"))
            {
                type = type with { Unsigned = true };
            }
            else if (Accept("SIGNED"))
            {
                type = type with { Unsigned = false };
            }
            else if (Accept("ZEROFILL"))
            {
                // ZEROFILL implies UNSIGNED in MySQL.
                type = type with { Zerofill = true, Unsigned = true };
            }
            else
            {
                return type;
            }
        }
    }

    private SqlDataType DoubleType()
    {
        Accept("PRECISION");
        return NumericType(SqlTypeKind.Double);
    }

    private SqlDataType NumericType(SqlTypeKind kind)
    {
        int? precision = null;
        int? scale = null;
        if (Accept(TokenKind.LParen))
        {
            precision = ParseSmallInt();
            if (Accept(TokenKind.Comma))
            {
                scale = ParseSmallInt();
            }
            else if (kind == SqlTypeKind.Double)
            {
                throw Error(); // DOUBLE(M) and REAL(M) without D are syntax errors in MariaDB
            }

            Expect(TokenKind.RParen);
        }

        return WithSignedness(new SqlDataType(kind, Precision: precision, Scale: scale));
    }

    private SqlDataType LengthType(SqlTypeKind kind, bool required = false)
    {
        if (Accept(TokenKind.LParen))
        {
            return new SqlDataType(kind, Length: ParseSmallIntThenClose());
        }

        return required ? throw Error() : new SqlDataType(kind);
    }

    // ENUM('a', 'b', ...) / SET(...): at least one member string.
    private SqlDataType MemberType(SqlTypeKind kind)
    {
        Expect(TokenKind.LParen);
        var members = new List<string> { ParseStringValue() };
        while (Accept(TokenKind.Comma))
        {
            members.Add(ParseStringValue());
        }

        Expect(TokenKind.RParen);
        return new SqlDataType(kind, Members: members);
    }

    // A column declared SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
    private static ColumnDefinition ExpandSerial(ColumnDefinition column) =>
        column.Type.Kind == SqlTypeKind.Serial
            ? column with { Type = new SqlDataType(SqlTypeKind.BigInt, Unsigned: true), Nullable = false, AutoIncrement = true, Unique = true }
            : column;

    private SqlDataType FractionalType(SqlTypeKind kind) =>
        new(kind, Precision: Accept(TokenKind.LParen) ? ParseSmallIntThenClose() : null);

    private int ParseSmallIntThenClose()
    {
        int value = ParseSmallInt();
        Expect(TokenKind.RParen);
        return value;
    }

    // CAST(x AS ...) / CONVERT(x, ...) targets.
    private SqlDataType ParseCastType()
    {
        if (Accept("SIGNED") || Accept("UNSIGNED"))
        {
            bool unsigned = IsWord(_tokens[_pos - 1], "UNSIGNED");
            if (!Accept("INTEGER"))
            {
                Accept("INT");
            }

            return new SqlDataType(SqlTypeKind.BigInt, Unsigned: unsigned);
        }

        var start = Current;
        var type = ParseDataType();
        if (type.IsInteger)
        {
            // MySQL only casts to SIGNED/UNSIGNED; INT-like names there are a syntax error.
            throw Error(start);
        }

        return type;
    }
}
