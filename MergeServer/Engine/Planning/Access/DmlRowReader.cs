using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Engine.Planning.Access;

// Reads the rows an UPDATE or DELETE touches, at one snapshot version, as full-width rows in table
// column order (columns not fetched are NULL), so bound expressions use table column indexes directly.
// They are found the way a SELECT with the same WHERE finds them (primary key or secondary index).
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

    // `ranges` null = the statement's own access path, chosen as for a SELECT (AccessPathChooser): a
    // primary-key range, or a secondary index the WHERE narrows (its entries, then the base rows looked
    // up by primary key in batches, at the snapshot the index read fixed); explicit ranges read the
    // primary key.
    public static async ValueTask<List<ObObj[]>> ReadAsync(
        StatementContext context, TableSchema table, BoundExpr? where, IReadOnlyCollection<int> needed, ReadSnapshot snapshot,
        IReadOnlyList<ScanRange>? ranges = null)
    {
        var columns = needed.Concat(table.RowKeyColumns).Distinct().Order().ToList();
        var path = ranges is null
            ? AccessPathChooser.Choose(table, where, columns, null, context.Schema.ReadyIndexLayoutsOf(table))
            : new AccessPath(null, new KeyRanges(ranges, 0, false), false, false);
        var source = AccessSourceBuilder.Build(new AccessSourceBuilder.Read(table, path, columns, where, 0, where is null ? null : context.Eval), snapshot);
        var rows = new List<ObObj[]>();
        await foreach (var compact in source.ReadAsync(context))
        {
            var row = new ObObj[table.Columns.Count];
            for (var i = 0; i < columns.Count; i++)
                row[columns[i]] = compact[i];
            rows.Add(row);
        }
        return rows;
    }
}
