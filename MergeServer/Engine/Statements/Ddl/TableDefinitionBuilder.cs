using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// CREATE TABLE → TableSchema: SQL types to ColumnType, column ids from 1 in declared order, the primary
// key (inline or a constraint; without one the table gets a hidden rowkey, TableConstraints.cs),
// NOT NULL (implied for key columns), DEFAULT typed to the column, AUTO_INCREMENT, collations
// (CollationNames: column COLLATE / CHARACTER SET, else the table's), CHECK and FOREIGN KEY constraints and
// table options. KEY / INDEX / UNIQUE definitions become the table's indexes (IndexDefinitionBuilder).
public static partial class TableDefinitionBuilder
{
    // utcOffset: the session zone's offset from UTC; a TIMESTAMP column's constant DEFAULT is given in that zone
    // and kept as UTC (shown back in the reader's zone, TimestampDefaults), as MariaDB does.
    public static TableSchema Build(CreateTableStatement create, string database, TimeSpan utcOffset)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in create.Columns)
        {
            if (!names.Add(c.Name))
                SqlError.Throw(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{c.Name}'");
        }
        var key = PrimaryKey(create);
        var tableCollation = CollationNames.ForTable(create.Options);
        var columns = new List<ColumnSchema>(create.Columns.Count);
        for (var i = 0; i < create.Columns.Count; i++)
            columns.Add(BuildColumn(create.Columns[i], i + 1, key.Contains(i), tableCollation, utcOffset));
        if (columns.Count(c => c.AutoIncrement) > 1)
            SqlError.Throw(ErrorCodes.WrongAutoKey, "Incorrect table definition; there can be only one auto column and it must be defined as a key");
        var table = new TableSchema(0, database, create.Table.Name, columns, key, tableCollation)
        {
            Indexes = IndexDefinitionBuilder.FromCreateTable(create, columns),
            CompressMethod = CompressMethod(create.Options),
        };
        return TableOptions.Apply(WithConstraints(table, create), create.Options);
    }

    // One column of CREATE TABLE, ALTER TABLE ADD / MODIFY / CHANGE: its type, nullability (a key column is
    // NOT NULL), default (a constant typed to the column, or CURRENT_TIMESTAMP), collation and attributes.
    public static ColumnSchema BuildColumn(ColumnDefinition def, int id, bool inKey, CollationId tableCollation, TimeSpan utcOffset)
    {
        var column = new ColumnSchema(id, def.Name, default)
        {
            Nullable = !inKey && def.Nullable != false,
            AutoIncrement = def.AutoIncrement,
        };
        column = WithType(column, def.Type);
        if (column.IsText)
            column = column with { TextCollation = CollationNames.ForColumn(def.Collation, def.CharacterSet, tableCollation) };
        if (column.JsonValidated && def.Collation is null && def.CharacterSet is null)
            column = column with { TextCollation = CollationId.Utf8mb4Bin };
        column = ColumnTypeRules.Check(column);
        column = TemporalDefaults.Apply(column with { Comment = def.Comment }, def);
        return column.DefaultFunction is not null ? column : DefaultFor(def, column, utcOffset);
    }

    // The column with def's DEFAULT (a constant typed to the column, or CURRENT_TIMESTAMP).
    public static ColumnSchema DefaultFor(ColumnDefinition def, ColumnSchema column, TimeSpan utcOffset)
    {
        column = TemporalDefaults.WithDefaultFunction(column with { Default = null, DefaultFunction = null }, def);
        if (column.DefaultFunction is not null)
            return column;
        if (def.Default is not null and not NullLiteral)
            column = column with { Default = DefaultValue(def, column, utcOffset) };
        else if (def.Default is NullLiteral && !column.Nullable)
            SqlError.Throw(ErrorCodes.InvalidDefault, $"Invalid default value for '{def.Name}'");
        return column;
    }

    private static List<int> PrimaryKey(CreateTableStatement create)
    {
        var inline = create.Columns.Select((c, i) => (c, i)).Where(x => x.c.PrimaryKey).Select(x => x.i).ToList();
        var constraints = create.Constraints.Where(c => c.Kind == TableConstraintKind.PrimaryKey).ToList();
        if (inline.Count + constraints.Count > 1)
            SqlError.Throw(ErrorCodes.MultiplePrimaryKey, "Multiple primary key defined");
        if (inline.Count == 1)
            return inline;
        if (constraints.Count == 0)
            return [];
        var key = new List<int>();
        foreach (var part in constraints[0].Columns)
        {
            var index = create.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => string.Equals(x.c.Name, part.Name, StringComparison.OrdinalIgnoreCase)).i;
            if (!string.Equals(create.Columns.ElementAtOrDefault(index)?.Name, part.Name, StringComparison.OrdinalIgnoreCase))
                SqlError.Throw(ErrorCodes.KeyColumnDoesNotExist, $"Key column '{part.Name}' doesn't exist in table");
            if (key.Contains(index))
                SqlError.Throw(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{part.Name}'");
            key.Add(index);
        }
        return key;
    }

    private static ColumnSchema WithType(ColumnSchema c, SqlDataType t) => t.Kind switch
    {
        SqlTypeKind.TinyInt => c with { Type = ColumnType.TinyInt, Unsigned = t.Unsigned, Length = t.Length ?? 0 },
        SqlTypeKind.SmallInt => c with { Type = ColumnType.SmallInt, Unsigned = t.Unsigned, Length = t.Length ?? 0 },
        SqlTypeKind.Year => c with { Type = ColumnType.Year },
        SqlTypeKind.MediumInt => c with { Type = ColumnType.MediumInt, Unsigned = t.Unsigned, Length = t.Length ?? 0 },
        SqlTypeKind.Int => c with { Type = ColumnType.Int, Unsigned = t.Unsigned, Length = t.Length ?? 0 },
        SqlTypeKind.BigInt => c with { Type = ColumnType.BigInt, Unsigned = t.Unsigned, Length = t.Length ?? 0 },
        // BOOL and BOOLEAN are TINYINT(1), as in MariaDB (2 stays 2).
        SqlTypeKind.Bool => c with { Type = ColumnType.TinyInt, Length = 1 },
        SqlTypeKind.Decimal => Decimal(c, t),
        SqlTypeKind.Float or SqlTypeKind.Double => Approximate(c, t),
        SqlTypeKind.Char => c with { Type = ColumnType.Char, Length = Length(t, 1, 255) },
        SqlTypeKind.VarChar => c with { Type = ColumnType.VarChar, Length = Length(t, 255, 65535) },
        SqlTypeKind.TinyText or SqlTypeKind.Text or SqlTypeKind.MediumText or SqlTypeKind.LongText
            => c with { Type = ColumnType.Text, Length = ColumnTypeRules.LobBytes(t, bytesPerCharacter: 4) },
        SqlTypeKind.Json => c with { Type = ColumnType.Text, Length = ColumnSchema.LongBytes, JsonValidated = true },
        SqlTypeKind.Binary => c with { Type = ColumnType.Binary, Length = Length(t, 1, 255) },
        SqlTypeKind.VarBinary => c with { Type = ColumnType.VarBinary, Length = Length(t, 255, 65535) },
        SqlTypeKind.TinyBlob or SqlTypeKind.Blob or SqlTypeKind.MediumBlob or SqlTypeKind.LongBlob
            => c with { Type = ColumnType.Blob, Length = ColumnTypeRules.LobBytes(t, bytesPerCharacter: 1) },
        SqlTypeKind.Enum => c with { Type = ColumnType.Enum, Members = t.Members },
        SqlTypeKind.Set => c with { Type = ColumnType.Set, Members = t.Members },
        SqlTypeKind.Bit => c with { Type = ColumnType.Bit, Length = t.Length ?? 1 },
        SqlTypeKind.Time => c with { Type = ColumnType.Time, Precision = t.Precision ?? 0 },
        SqlTypeKind.Date => c with { Type = ColumnType.Date },
        SqlTypeKind.DateTime => c with { Type = ColumnType.DateTime, FractionalDigits = t.Precision ?? 0 },
        SqlTypeKind.Timestamp => c with { Type = ColumnType.Timestamp, FractionalDigits = t.Precision ?? 0 },
        _ => throw BindErrors.NotSupported($"column type {SqlDataType.KeywordOf(t.Kind)}"),
    };

    // FLOAT / DOUBLE, FLOAT(M,D) / DOUBLE(M,D) (M digits, D of them after the point: Precision and Scale;
    // M = 0 is none), and FLOAT(p): FLOAT up to 24 bits of precision, DOUBLE up to 53, 1063 beyond.
    private static ColumnSchema Approximate(ColumnSchema c, SqlDataType t)
    {
        c = c with { Type = t.Kind == SqlTypeKind.Float ? ColumnType.Float : ColumnType.Double, Unsigned = t.Unsigned };
        if (t.Scale is not { } scale)
        {
            if (t.Precision is not { } bits)
                return c;
            if (bits > 53)
                SqlError.Throw(ErrorCodes.WrongFieldSpec, $"Incorrect column specifier for column '{c.Name}'");
            return bits > 24 ? c with { Type = ColumnType.Double } : c;
        }
        var digits = t.Precision ?? 0;
        if (digits > 255)
            SqlError.Throw(ErrorCodes.TooBigDisplayWidth, $"Display width out of range for '{c.Name}' (max = 255)");
        if (scale > 30)
            SqlError.Throw(ErrorCodes.TooBigScale, $"Too big scale specified for '{c.Name}'. Maximum is 30");
        if (scale > digits)
            SqlError.Throw(ErrorCodes.ScaleBiggerThanPrecision, $"For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '{c.Name}')");
        return digits == 0 ? c : c with { Precision = digits, Scale = scale };
    }

    private static ColumnSchema Decimal(ColumnSchema c, SqlDataType t)
    {
        var precision = t.Precision ?? t.Length ?? 10;
        var scale = t.Scale ?? 0;
        if (precision is < 1 or > 65)
            SqlError.Throw(ErrorCodes.TooBigPrecision, $"Too big precision {precision} specified for column '{c.Name}'. Maximum is 65.");
        if (scale > 30 || scale > precision)
            SqlError.Throw(1425, $"Too big scale {scale} specified for column '{c.Name}'. Maximum is 30.");
        return c with { Type = ColumnType.Decimal, Precision = precision, Scale = scale, Unsigned = t.Unsigned };
    }

    // COMPRESSION='lz4' (OceanBase spells it 'lz4_1.0', 'zstd_1.0', 'none'; both are taken).
    public static string CompressMethod(IEnumerable<TableOption> options)
    {
        var option = options.LastOrDefault(o => o.Name == "COMPRESSION");
        if (option is null)
            return "";
        var name = option.Value.EndsWith("_1.0", StringComparison.OrdinalIgnoreCase) ? option.Value[..^4] : option.Value;
        if (!SSTableCompressorNames.TryParse(name, out var compressor))
            SqlError.Throw(ErrorCodes.IllegalHaCreateOption, $"Table storage engine 'OceanClassic' does not support the create option 'COMPRESSION={option.Value}'");
        return SSTableCompressorNames.Name(compressor);
    }

    private static int Length(SqlDataType t, int fallback, int max)
    {
        var n = t.Length ?? fallback;
        if (n < 0 || n > max)
            SqlError.Throw(1074, $"Column length too big (max = {max})");
        return n;
    }

    private static ObObj DefaultValue(ColumnDefinition def, ColumnSchema column, TimeSpan utcOffset)
    {
        var expr = def.Default!;
        if (expr is UnaryExpr { Operator: UnaryOperator.Minus, Operand: Literal inner })
            expr = inner with { };
        if (expr is not Literal literal)
            throw BindErrors.NotSupported($"DEFAULT {expr.ToSql()}");
        var value = ExprBinder.LiteralValue(literal);
        if (def.Default is UnaryExpr)
            value = Common.Expr.ExprArithmetic.Negate(value);
        try
        {
            return ColumnValueConverter.Convert(value, column, 1, column.Type == ColumnType.Timestamp ? utcOffset : TimeSpan.Zero);
        }
        catch (SqlError)
        {
            throw SqlError.FromCode(ErrorCodes.InvalidDefault, $"Invalid default value for '{def.Name}'");
        }
    }
}
