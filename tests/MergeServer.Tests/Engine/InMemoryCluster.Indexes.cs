using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine;

namespace OceanClassic.MergeServer.Tests.Engine;

// Index DDL as the RootServer does it (SchemaService.Indexes.cs): index tables appear and go with the
// index list; new indexes start BUILDING.
public sealed partial class InMemoryCluster
{
    public ValueTask<DdlResponse> IndexDdlAsync(IndexDdlRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (Find(request.Database, request.Table) is not { } table || (request.TableId != 0 && request.TableId != table.TableId))
                throw SqlError.FromCode(1146, $"Table '{request.Database}.{request.Table}' doesn't exist");
            var changed = table.Clone();
            foreach (var name in request.Drop)
            {
                var found = changed.Indexes.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
                if (found is null)
                {
                    if (request.IfExists)
                        continue;
                    throw SqlError.FromCode(1091, $"Can't DROP INDEX `{name}`; check that it exists");
                }
                changed.Indexes.Remove(found);
                _tables.Remove(found.IndexTableId);
            }
            foreach (var add in request.Add)
            {
                if (changed.Indexes.Any(i => string.Equals(i.Name, add.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    if (request.IfNotExists)
                        continue;
                    throw SqlError.FromCode(1061, $"Duplicate key name '{add.Name}'");
                }
                var index = add.Clone();
                index.IndexTableId = _nextTableId++;
                index.State = IndexState.IndexBuilding;
                changed.Indexes.Add(index);
                AddTable(IndexTables.Define(changed, index));
            }
            if (request.Ready.Length > 0
                && changed.Indexes.FirstOrDefault(i => string.Equals(i.Name, request.Ready, StringComparison.OrdinalIgnoreCase)) is { } ready)
                ready.State = IndexState.IndexReady;
            _tables[changed.TableId] = changed;
            return Done(changed.TableId);
        }
    }

    private void AddTable(TableDef table)
    {
        _tables[table.TableId] = table;
        _rows[table.TableId] = new SortedDictionary<byte[], (ulong, Dictionary<int, ObObj>)>(ByteKeyComparer.Instance);
    }
}
