using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Schema.Display;


namespace OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

// information_schema tables built from the schema the statement sees (SCHEMATA, TABLES, COLUMNS,
// STATISTICS; constraints in ConstraintInfoView) and from the open sessions (PROCESSLIST). STATISTICS
// lists every key as SHOW INDEX does (IndexDisplay); a hidden rowkey is not shown. A view names its
// schema-name and table-name columns: names the WHERE pins on them narrow the catalogue it reads
// (CatalogScope); TablesRead counts the tables it has read.
public sealed class SchemaInfoView(TableSchema schema, string? schemaColumn, string? tableColumn, Func<CatalogScope, IEnumerable<ObObj[]>> rows)
    : ISystemView
{
    private const string Catalog = "def";
    private long _tablesRead;

    public TableSchema Schema { get; } = schema;

    public long TablesRead => Interlocked.Read(ref _tablesRead);

    public ValueTask<IReadOnlyList<ObObj[]>> LoadAsync(StatementContext context, SystemViewFilter filter)
    {
        var scope = new CatalogScope(context, schemaColumn is null ? null : filter.PinOf(Schema, schemaColumn),
            tableColumn is null ? null : filter.PinOf(Schema, tableColumn), () => Interlocked.Increment(ref _tablesRead));
        return ValueTask.FromResult<IReadOnlyList<ObObj[]>>([.. rows(scope)]);
    }

    public static IEnumerable<SchemaInfoView> All() =>
    [
        new(InfoColumns.Table("SCHEMATA", "CATALOG_NAME", "SCHEMA_NAME", "DEFAULT_CHARACTER_SET_NAME", "DEFAULT_COLLATION_NAME",
            "SQL_PATH", "SCHEMA_COMMENT"), "SCHEMA_NAME", null,
            c => c.SchemaNames.Select(d => Row(Catalog, d, "utf8mb4", "utf8mb4_general_ci", null, ""))),
        new(InfoColumns.Table("TABLES", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "ENGINE", "#VERSION", "ROW_FORMAT",
            "#TABLE_ROWS", "#AVG_ROW_LENGTH", "#DATA_LENGTH", "#MAX_DATA_LENGTH", "#INDEX_LENGTH", "#DATA_FREE", "#AUTO_INCREMENT",
            "@CREATE_TIME", "@UPDATE_TIME", "@CHECK_TIME", "TABLE_COLLATION", "#CHECKSUM", "+CREATE_OPTIONS", "+TABLE_COMMENT",
            "#MAX_INDEX_LENGTH", "TEMPORARY"), "TABLE_SCHEMA", "TABLE_NAME",
            c => c.Tables.Select(t => Row(Catalog, t.Database, t.Name, "BASE TABLE", t.Engine ?? "InnoDB", 10L, "Dynamic", null, 0L, 0L, 0L, 0L,
                0L, null, null, null, null, "utf8mb4_general_ci", null, "", t.Comment ?? "", 0L, "N"))),
        new(InfoColumns.Table("COLUMNS", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "#ORDINAL_POSITION", "+COLUMN_DEFAULT",
            "IS_NULLABLE", "DATA_TYPE", "#CHARACTER_MAXIMUM_LENGTH", "#CHARACTER_OCTET_LENGTH", "#NUMERIC_PRECISION", "#NUMERIC_SCALE",
            "#DATETIME_PRECISION", "CHARACTER_SET_NAME", "COLLATION_NAME", "+COLUMN_TYPE", "COLUMN_KEY", "EXTRA", "PRIVILEGES",
            "+COLUMN_COMMENT", "IS_GENERATED", "+GENERATION_EXPRESSION"), "TABLE_SCHEMA", "TABLE_NAME",
            c => c.Tables.SelectMany(t => t.VisibleColumns.Select((col, i) => ColumnRow(t, TimestampDefaults.InZone(col, c.Context.ZoneOffsetFor(col)), i)))),
        new(InfoColumns.Table("STATISTICS", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "#NON_UNIQUE", "INDEX_SCHEMA", "INDEX_NAME",
            "#SEQ_IN_INDEX", "COLUMN_NAME", "COLLATION", "#CARDINALITY", "#SUB_PART", "PACKED", "NULLABLE", "INDEX_TYPE", "COMMENT",
            "INDEX_COMMENT", "IGNORED"), "TABLE_SCHEMA", "TABLE_NAME",
            c => c.Tables.SelectMany(t => IndexDisplay.KeysOf(t).SelectMany(k => k.Columns.Select((col, i) => Row(Catalog, t.Database, t.Name,
                k.Unique ? 0L : 1L, t.Database, k.Name, (long)(i + 1), t.Columns[col].Name, "A", 0L, null, null,
                t.Columns[col].Nullable ? "YES" : "", "BTREE", "", "", "NO"))))),
        new(InfoColumns.Table("PROCESSLIST", "#ID", "USER", "HOST", "DB", "COMMAND", "#TIME", "STATE", "+INFO"), null, null,
            c => VisibleSessions(c.Context).OrderBy(s => s.ConnectionId).Select(s => Row((long)s.ConnectionId, s.User, s.ClientAddress,
                s.CurrentDatabase, s.CurrentStatement is null ? "Sleep" : "Query", (long)(DateTime.UtcNow - s.CommandSinceUtc).TotalSeconds,
                "", s.CurrentStatement?.ToSql()))),
    ];

    // The sessions an account sees in PROCESSLIST: every one with PROCESS, else its user's own (MySQL's rule).
    private static IEnumerable<SqlSession> VisibleSessions(StatementContext context) =>
        (context.Privileges.Global & MergeServer.Sql.Ast.Privilege.Process) != 0
            ? context.Engine.Sessions.Values
            : context.Engine.Sessions.Values.Where(s => s.User == context.Session.User);

    private static ObObj[] ColumnRow(TableSchema t, ColumnSchema c, int index)
    {
        var text = c.IsText;
        long? charLength = c.Type switch
        {
            ColumnType.Char or ColumnType.VarChar or ColumnType.Binary or ColumnType.VarBinary => c.Length,
            ColumnType.Text or ColumnType.Blob => c.MaxBytes == ColumnSchema.LongBytes ? uint.MaxValue : c.MaxBytes,
            ColumnType.Enum => (c.Members ?? []).Select(m => (long)m.Length).DefaultIfEmpty(0).Max(),
            ColumnType.Set => Math.Max(0, (c.Members ?? []).Sum(m => (long)m.Length + 1) - 1),
            _ => null,
        };
        // TEXT sizes are bytes already; CHAR, VARCHAR, ENUM and SET count characters of up to 4 bytes.
        var octets = c.Type == ColumnType.Text ? charLength : charLength is { } n && text ? n * 4 : charLength;
        var numeric = c.StorageType is ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double or ObType.Bool
            && c.Type is not (ColumnType.Year or ColumnType.Bit);
        return Row(Catalog, t.Database, t.Name, c.Name, (long)(index + 1), c.DefaultFunction ?? DefaultText(c), c.Nullable ? "YES" : "NO", DataType(c),
            charLength, octets, numeric ? Precision(c) : c.Type == ColumnType.Bit ? c.Length : null,
            numeric && (c.Type is not (ColumnType.Float or ColumnType.Double) || c.Precision > 0) ? c.Scale : null,
            c.Type is ColumnType.DateTime or ColumnType.Timestamp ? (long)c.FractionalDigits : c.Type == ColumnType.Time ? c.Precision : null,
            text ? "utf8mb4" : null, text ? Common.Types.Collations.Collation.Of(c.Collation).Name : null, CreateTableText.TypeText(c),
            !t.HiddenRowKey && t.RowKeyColumns.Contains(t.IndexOf(c.Name)) ? "PRI" : "", CreateTableText.ExtraText(c),
            "select,insert,update,references", c.Comment ?? "", "NEVER", null);
    }

    // What MariaDB shows as COLUMN_DEFAULT: NULL as the word NULL for a nullable column without a default,
    // text quoted, numbers bare.
    private static string? DefaultText(ColumnSchema c)
    {
        if (c.Default is not { } d)
            return c.Nullable && !c.AutoIncrement ? "NULL" : null;
        if (d.IsNull)
            return "NULL";
        return d.IsNumeric ? CreateTableText.ValueText(c, d) : "'" + (d.ToText() ?? "").Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static string DataType(ColumnSchema c)
    {
        var name = c.SqlTypeName;
        var cut = name.IndexOfAny(['(', ' ']);
        return cut < 0 ? name : name[..cut];
    }

    private static long? Precision(ColumnSchema c) => c.Type switch
    {
        ColumnType.TinyInt or ColumnType.Bool => 3,
        ColumnType.SmallInt => 5,
        ColumnType.MediumInt => 7,
        ColumnType.Int => 10,
        ColumnType.BigInt => c.Unsigned ? 20 : 19,
        ColumnType.Decimal => c.Precision,
        ColumnType.Float or ColumnType.Double when c.Precision > 0 => c.Precision,
        ColumnType.Float or ColumnType.Double when c.Length > 0 => c.Length,
        ColumnType.Float => 12,
        ColumnType.Double => 22,
        _ => null,
    };

    public static ObObj[] Row(params object?[] values) =>
        [.. values.Select(v => v switch
        {
            null => ObObj.Null,
            long n => InfoColumns.Number(n),
            int n => InfoColumns.Number(n),
            _ => InfoColumns.Text((string)v),
        })];
}
