using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// ALTER TABLE / RENAME TABLE / TRUNCATE TABLE as the RootServer does them (SchemaService.Alter.cs), and
// what a scan reads for a cell a row lacks (column_fills).
public sealed partial class InMemoryCluster
{
    public ValueTask<DdlResponse> AlterTablesAsync(AlterTablesRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            var after = new Dictionary<ulong, TableDef>(_tables);
            foreach (var def in request.Tables)
            {
                if (!after.TryGetValue(def.TableId, out var current))
                    throw SqlError.FromCode(1146, $"Table '{def.Database}.{def.Name}' doesn't exist");
                if (def.TableVersion != current.TableVersion + 1)
                    throw SqlError.FromCode(1105, "altered concurrently; retry");
                after[def.TableId] = def.Clone();
            }
            if (after.Values.GroupBy(t => (t.Database.ToUpperInvariant(), t.Name.ToUpperInvariant())).Any(g => g.Count() > 1))
                throw SqlError.FromCode(1050, "Table already exists");
            foreach (var (id, def) in after)
                _tables[id] = def;
            return Done(0);
        }
    }

    public ValueTask<DdlResponse> TruncateTableAsync(TruncateTableRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (Find(request.Database, request.Name) is not { } t)
                throw SqlError.FromCode(1146, $"Table '{request.Database}.{request.Name}' doesn't exist");
            _tables.Remove(t.TableId);
            var table = t.Clone();
            table.TableId = _nextTableId++;
            _tables[table.TableId] = table;
            _rows[table.TableId] = new SortedDictionary<byte[], (ulong, Dictionary<int, ObObj>)>(ByteKeyComparer.Instance);
            return Done(table.TableId);
        }
    }

    private static ObObj Absent(TabletScanRequest request, int position)
    {
        if (position >= request.ColumnFills.Count || request.ColumnFills[position].IsEmpty)
            return ObObj.Null;
        var pos = 0;
        return CellCodec.Read(request.ColumnFills[position].Span, ref pos);
    }
}
