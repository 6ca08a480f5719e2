using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Cluster;

// The columns a tablet scan asks for, with what online ALTER TABLE tells the (schema-less)
// ChunkServer about them: a column added after some rows were written reads as its fill value in
// those rows, and a column whose type MODIFY/CHANGE changed has its older cells cast to the new type
// (a DECIMAL's scale, a DATETIME(n)'s or TIME(n)'s n fraction digits).
public static class ScanColumns
{
    // Each requested column's DATETIME(n) / TIMESTAMP(n) n, -1 for other columns; null when there is none.
    // Called for every tablet scan (each point select too): a table without such columns costs one loop
    // over its columns and no allocation.
    public static int[]? FractionalDigits(TableScanSpec spec)
    {
        var columns = spec.Table.Columns;
        var any = false;
        for (var i = 0; i < columns.Count && !any; i++)
            any = columns[i].IsTemporal;
        if (!any)
            return null;
        var byId = columns.Where(c => c.IsTemporal).ToDictionary(c => c.Id, c => c.FractionalDigits);
        return [.. spec.ColumnIds.Select(id => byId.GetValueOrDefault(id, -1))];
    }

    public static void AddTo(TabletScanRequest request, TableScanSpec spec)
    {
        request.ColumnIds.AddRange(spec.ColumnIds);
        var columns = spec.Table.Columns;
        if (!columns.Any(c => c.FillValue is not null || c.Retyped))
            return;
        var byId = columns.ToDictionary(c => c.Id);
        foreach (var id in spec.ColumnIds)
        {
            var column = byId.GetValueOrDefault(id);
            request.ColumnFills.Add(column?.FillValue is { } fill ? SchemaConvert.EncodeCell(fill) : ByteString.Empty);
            request.ColumnCasts.Add(column is { Retyped: true } ? (int)column.StorageType + 1 : 0);
            request.ColumnCastScales.Add(column switch
            {
                { Retyped: true, Type: ColumnType.Decimal } => column.Scale,
                { Retyped: true, IsTemporal: true } => column.FractionalDigits,
                { Retyped: true, Type: ColumnType.Time } => column.Precision,
                _ => -1,
            });
        }
    }
}
