using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

// information_schema tables whose rows are fixed by this server: CHARACTER_SETS and COLLATIONS
// (utf8mb4 and binary, the character sets it stores) and ENGINES.
public sealed class FixedInfoView(TableSchema schema, IReadOnlyList<ObObj[]> rows) : ISystemView
{
    public TableSchema Schema { get; } = schema;

    public ValueTask<IReadOnlyList<ObObj[]>> LoadAsync(StatementContext context, SystemViewFilter filter) => ValueTask.FromResult(rows);

    public static IEnumerable<FixedInfoView> All() =>
    [
        new(InfoColumns.Table("CHARACTER_SETS", "CHARACTER_SET_NAME", "DEFAULT_COLLATE_NAME", "DESCRIPTION", "#MAXLEN"),
        [
            Row("utf8mb4", "utf8mb4_general_ci", "UTF-8 Unicode", 4L),
            Row("binary", "binary", "Binary pseudo charset", 1L),
        ]),
        new(InfoColumns.Table("COLLATIONS", "COLLATION_NAME", "CHARACTER_SET_NAME", "#ID", "IS_DEFAULT", "IS_COMPILED", "#SORTLEN"),
        [
            Row("utf8mb4_general_ci", "utf8mb4", 45L, "Yes", "Yes", 1L),
            Row("utf8mb4_bin", "utf8mb4", 46L, "", "Yes", 1L),
            Row("binary", "binary", 63L, "Yes", "Yes", 1L),
        ]),
        new(InfoColumns.Table("ENGINES", "ENGINE", "SUPPORT", "+COMMENT", "TRANSACTIONS", "XA", "SAVEPOINTS"),
        [
            Row("OceanClassic", "DEFAULT", "OceanBase 0.4 architecture: baseline on ChunkServers, increments on the UpdateServer", "YES", "NO", "YES"),
        ]),
    ];

    private static ObObj[] Row(params object[] values) =>
        [.. values.Select(v => v is long n ? InfoColumns.Number(n) : InfoColumns.Text((string)v))];
}
