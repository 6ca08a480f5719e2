using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// __all_tablet: the root table (RsGetTablets for every table), one row per tablet, with its range
// rendered as the decoded rowkey values joined by ',' (MIN / MAX for the open ends). corrupt_replicas
// is an alarm: replicas whose copy failed a CRC check there and that are copying it again.
public sealed class AllTabletView : ISystemView
{
    public TableSchema Schema { get; } = new(2, SystemDatabase.Name, "__all_tablet",
    [
        new ColumnSchema(1, "table_name", ColumnType.VarChar, 130, Nullable: false),
        new ColumnSchema(2, "start_key", ColumnType.VarChar, 1024, Nullable: false),
        new ColumnSchema(3, "end_key", ColumnType.VarChar, 1024, Nullable: false),
        new ColumnSchema(4, "version", ColumnType.BigInt, Unsigned: true, Nullable: false),
        new ColumnSchema(5, "replicas", ColumnType.VarChar, 1024, Nullable: false),
        new ColumnSchema(6, "row_count", ColumnType.BigInt, Nullable: false),
        new ColumnSchema(7, "size_bytes", ColumnType.BigInt, Nullable: false),
        new ColumnSchema(8, "checksum", ColumnType.VarChar, 16, Nullable: false),
        new ColumnSchema(9, "corrupt_replicas", ColumnType.VarChar, 1024, Nullable: false),
    ], [1, 2]);

    public async ValueTask<IReadOnlyList<ObObj[]>> LoadAsync(StatementContext context, SystemViewFilter filter)
    {
        var gateway = context.Engine.Gateway;
        var schema = await gateway.GetSchemaAsync(context.Ct);
        var rows = new List<ObObj[]>();
        foreach (var table in schema.Tables.OrderBy(t => t.Database, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            var tablets = await gateway.GetTabletsAsync(table.TableId, context.Ct);
            foreach (var t in tablets.Tablets)
                rows.Add(ToRow($"{table.Database}.{table.Name}", t));
        }
        return rows;
    }

    private static ObObj[] ToRow(string table, TabletInfo t) =>
    [
        ObObj.FromString(table),
        ObObj.FromString(t.Range is null || t.Range.StartIsMin ? "MIN" : RenderKey(t.Range.Start.Span)),
        ObObj.FromString(t.Range is null || t.Range.EndIsMax ? "MAX" : RenderKey(t.Range.End.Span)),
        ObObj.FromUInt(t.Version),
        // Sorted: the RS lists replicas in read-preference order, which changes as they report.
        ObObj.FromString(string.Join(",", t.Replicas.Order(StringComparer.Ordinal))),
        ObObj.FromInt(t.RowCount),
        ObObj.FromInt(t.SizeBytes),
        ObObj.FromString(t.Checksum.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)),
        ObObj.FromString(string.Join(",", t.CorruptReplicas)),
    ];

    public static string RenderKey(ReadOnlySpan<byte> key)
    {
        try
        {
            return string.Join(",", RowKeyCodec.Decode(key).Select(v => v.ToText() ?? "NULL"));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Not a whole key: e.g. a scan bound just past a string prefix (KeyRangeExtractor.PrefixSuccessor).
            return "0x" + Convert.ToHexString(key);
        }
    }
}
