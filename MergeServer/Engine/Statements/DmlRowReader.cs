using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Statements;

// Reads the rows an UPDATE or DELETE touches, at one snapshot version, as full-width rows in table
// column order (columns not fetched are NULL), so bound expressions use table column indexes directly.
public static class DmlRowReader
{
    // The rows and the version they were read at. If the ChunkServers fixed no version (rows read at
    // "latest"), they are read again at an explicit UPS version, so the conflict check has a real base.
    public static async ValueTask<(List<ObObj[]> Rows, ulong Version)> ReadAtSnapshotAsync(
        StatementContext context, TableSchema table, BoundExpr? where, IReadOnlyCollection<int> needed, ReadSnapshot snapshot)
    {
        var rows = await ReadAsync(context, table, where, needed, snapshot);
        if (snapshot.Version != 0 || rows.Count == 0)
            return (rows, snapshot.Version);
        var explicitSnapshot = new ReadSnapshot(await context.Engine.Writer.CommittedVersionAsync(context.Ct));
        return (await ReadAsync(context, table, where, needed, explicitSnapshot), explicitSnapshot.Version);
    }

    // `ranges` null = the ranges the WHERE pins the rowkey to.
    public static async ValueTask<List<ObObj[]>> ReadAsync(
        StatementContext context, TableSchema table, BoundExpr? where, IReadOnlyCollection<int> needed, ReadSnapshot snapshot,
        IReadOnlyList<ScanRange>? ranges = null)
    {
        var columns = needed.Concat(table.RowKeyColumns).Distinct().Order().ToList();
        var map = new Dictionary<int, int>();
        for (var i = 0; i < columns.Count; i++)
            map[columns[i]] = i;
        var spec = new TableScanSpec(table, ranges ?? KeyRangeExtractor.Extract(where, table), [.. columns.Select(c => table.Columns[c].Id)],
            where is null ? [] : ExprSerializer.Serialize(ColumnRemapper.Remap(where, map)), 0);
        var rows = new List<ObObj[]>();
        await foreach (var compact in context.Engine.Scanner.ScanAsync(spec, snapshot, context.Ct))
        {
            var row = new ObObj[table.Columns.Count];
            for (var i = 0; i < columns.Count; i++)
                row[columns[i]] = compact[i];
            rows.Add(row);
        }
        return rows;
    }
}
