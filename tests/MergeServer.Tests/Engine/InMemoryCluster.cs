using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// An in-memory cluster honouring the RS/UPS/CS contracts the engine relies on: schema DDL with MySQL
// error codes, one tablet per table, an ordered row store with per-row commit versions, 1062 on
// duplicate inserts, a write conflict when a row changed after expect_unchanged_since, filter/limit/paging on scans,
// and UPS transactions (InMemoryCluster.Transactions.cs): row locks, private write sets, commit/rollback.
public sealed partial class InMemoryCluster : IClusterGateway
{
    private readonly object _lock = new();
    private readonly HashSet<string> _databases = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ulong, TableDef> _tables = [];
    private readonly Dictionary<ulong, SortedDictionary<byte[], (ulong Version, Dictionary<int, ObObj> Cells)>> _rows = [];
    private readonly Dictionary<ulong, ulong> _autoInc = [];
    private ulong _schemaVersion = 1;
    private ulong _nextTableId = TableSchema.FirstUserTableId;
    private ulong _version = 1;

    public int PageRows { get; set; } = 3;

    public int ApplyCount { get; private set; }

    public int ScanCount { get; private set; }

    public int TxScanCount { get; private set; }

    // Every ChunkServer scan request, in order (the lease_may_fix a statement sends).
    public List<TabletScanRequest> ScanRequests { get; } = [];

    // Make the next N optimistic applies fail with a write conflict, as if another writer got there first.
    public int InjectConflicts { get; set; }

    // Make the next N AUTO_INCREMENT block requests fail as a cluster that knows no UPS master yet.
    public int UnavailableAutoIncAllocs { get; set; }

    public int AutoIncAllocCount { get; private set; }

    public List<ServerInfo> Servers { get; } = [];

    public void OnUpsMaster(string address)
    {
    }

    public ValueTask<SchemaResponse> GetSchemaAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            var r = new SchemaResponse { SchemaVersion = _schemaVersion };
            r.Databases.AddRange(_databases);
            r.Tables.AddRange(_tables.Values.Select(t => t.Clone()));
            r.Users.AddRange(_users.Values.Select(u => u.Clone()));
            return ValueTask.FromResult(r);
        }
    }

    public ValueTask<DdlResponse> CreateDatabaseAsync(CreateDatabaseRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_databases.Add(request.Name))
                return request.IfNotExists ? Noop() : throw SqlError.FromCode(1007, $"Can't create database '{request.Name}'; database exists");
            return Done(0);
        }
    }

    public ValueTask<DdlResponse> DropDatabaseAsync(DropDatabaseRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_databases.Remove(request.Name))
                return request.IfExists ? Noop() : throw SqlError.FromCode(1008, $"Can't drop database '{request.Name}'; database doesn't exist");
            foreach (var t in _tables.Values.Where(t => string.Equals(t.Database, request.Name, StringComparison.OrdinalIgnoreCase)).ToList())
                _tables.Remove(t.TableId);
            return Done(0);
        }
    }

    public ValueTask<DdlResponse> CreateTableAsync(CreateTableRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            var def = request.Table;
            if (!_databases.Contains(def.Database))
                throw SqlError.FromCode(1049, $"Unknown database '{def.Database}'");
            if (Find(def.Database, def.Name) is not null)
                return request.IfNotExists ? Noop() : throw SqlError.FromCode(1050, $"Table '{def.Name}' already exists");
            var table = def.Clone();
            table.TableId = _nextTableId++;
            AddTable(table);
            foreach (var index in table.Indexes)
            {
                index.IndexTableId = _nextTableId++;
                index.State = IndexState.IndexReady;
                AddTable(IndexTables.Define(table, index));
            }
            return Done(table.TableId);
        }
    }

    public ValueTask<DdlResponse> DropTableAsync(DropTableRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (Find(request.Database, request.Name) is not { } t)
                return request.IfExists ? Noop() : throw SqlError.FromCode(1051, $"Unknown table '{request.Database}.{request.Name}'");
            _tables.Remove(t.TableId);
            foreach (var index in t.Indexes)
                _tables.Remove(index.IndexTableId);
            return Done(0);
        }
    }

    // The root table every table gets (default: one tablet over the whole key space).
    public List<TabletInfo>? TabletLayout { get; set; }

    // Set: the cluster reads increments from an UpdateServer (this function answers them), and its tablets
    // (row_count 0) are at TabletVersion, so the engine reads them there with no ChunkServer scan.
    public Func<ScanIncrementRequest, ScanIncrementResponse>? Increments { get; set; }

    public ulong TabletVersion { get; set; }

    public int TabletLookups { get; private set; }

    public bool ReadsIncrements => Increments is not null;

    public ValueTask<ScanIncrementResponse> ScanIncrementAsync(ScanIncrementRequest request, CancellationToken ct) =>
        ValueTask.FromResult((Increments ?? throw new InvalidOperationException("no increments configured"))(request));

    public ValueTask<TabletLocationResponse> GetTabletsAsync(ulong tableId, CancellationToken ct)
    {
        TabletLookups++;
        var r = new TabletLocationResponse();
        if (TabletLayout is not null)
        {
            r.Tablets.AddRange(TabletLayout.Select(t => new TabletInfo(t) { TableId = tableId }));
            return ValueTask.FromResult(r);
        }
        r.Tablets.Add(new TabletInfo { TableId = tableId, Range = ScanRange.Full.ToProto(), Replicas = { "cs1:2600", "cs2:2600" }, Version = TabletVersion });
        return ValueTask.FromResult(r);
    }

    public ValueTask<ServerListResponse> GetServersAsync(CancellationToken ct)
    {
        var r = new ServerListResponse();
        r.Servers.AddRange(Servers);
        return ValueTask.FromResult(r);
    }

    public async ValueTask<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct)
    {
        if (request.Begin is not null && request.TxId == 0)
            return await ApplyBeginningAsync(request, ct);
        if (request.Update is not null && EvaluatedWrites is { } evaluate)
            return evaluate(request);
        InMemoryTransaction? tx;
        lock (_lock)
        {
            ApplyCount++;
            tx = request.TxId == 0 ? null : FindTransaction(request.TxId);
            if (InjectConflicts > 0 && request.ExpectUnchangedSince != 0)
            {
                InjectConflicts--;
                _version++;
                throw WriteConflict();
            }
        }
        // Autocommit writes lock their rows too, so they wait for open transactions.
        var owner = tx?.Owner ?? -Interlocked.Increment(ref _autocommitOwners);
        var keys = request.Mutations.OrderBy(m => m.Rowkey.ToByteArray(), ByteKeyComparer.Instance)
            .Select(m => (m.TableId, m.Rowkey.ToByteArray(), m.Op == MutationOp.MutLockShared)).ToList();
        var wait = request.LockWait switch
        {
            LockWait.Nowait => RowWait.NoWait,
            LockWait.SkipLocked => RowWait.SkipLocked,
            _ => RowWait.Wait,
        };
        try
        {
            var skipped = await Locks.AcquireAsync(owner, keys, wait, tx?.LockWaitTimeout ?? LockWaitTimeout, ct);
            lock (_lock)
            {
                var response = tx is null ? ApplyCommitted(request) : Stage(tx, request);
                response.SkippedRowkeys.AddRange(skipped.Select(ByteString.CopyFrom));
                return response;
            }
        }
        finally
        {
            if (tx is null)
                Locks.ReleaseAll(owner);
        }
    }

    private static SqlError WriteConflict() => SqlError.FromCode(ErrorCodes.WriteConflict, "row changed after the statement's snapshot");

    private ApplyResponse ApplyCommitted(ApplyRequest request)
    {
        // Check everything first: the request applies atomically or not at all.
        var pending = new Dictionary<(ulong, byte[]), bool>();
        var view = new Dictionary<(ulong, string), bool>();
        for (var item = 1; item <= request.Mutations.Count; item++)
        {
            var m = request.Mutations[item - 1];
            var rows = _rows[m.TableId];
            var key = m.Rowkey.ToByteArray();
            var exists = rows.TryGetValue(key, out var current);
            if (exists && request.ExpectUnchangedSince != 0 && current.Version > request.ExpectUnchangedSince)
                throw WriteConflict();
            var existsNow = pending.TryGetValue((m.TableId, key), out var p) ? p : exists;
            if (m.Op == MutationOp.MutInsert && existsNow)
                throw Duplicate(key, item);
            CheckUnique(m, item, null, view);
            pending[(m.TableId, key)] = m.Op != MutationOp.MutDelete;
            view[(m.TableId, Convert.ToHexString(key))] = m.Op != MutationOp.MutDelete;
        }
        var version = ++_version;
        foreach (var m in request.Mutations)
        {
            var rows = _rows[m.TableId];
            var key = m.Rowkey.ToByteArray();
            var cells = DecodeCells(m.Cells.Span);
            switch (m.Op)
            {
                case MutationOp.MutDelete:
                    rows.Remove(key);
                    break;
                case MutationOp.MutUpdate when rows.TryGetValue(key, out var current):
                    foreach (var (id, v) in cells)
                        current.Cells[id] = v;
                    rows[key] = (version, current.Cells);
                    break;
                default:
                    rows[key] = (version, cells);
                    break;
            }
        }
        RaiseAutoInc(request);
        return new ApplyResponse { CommitVersion = version };
    }

    // While set, AUTO_INCREMENT block requests wait for it (a UPS that takes its time to answer).
    public TaskCompletionSource? HoldAutoIncAllocs { get; set; }

    public ValueTask<AllocAutoIncResponse> AllocAutoIncAsync(AllocAutoIncRequest request, CancellationToken ct) =>
        HoldAutoIncAllocs is { } hold ? AllocAfterAsync(hold.Task, request) : ValueTask.FromResult(Alloc(request));

    private async ValueTask<AllocAutoIncResponse> AllocAfterAsync(Task hold, AllocAutoIncRequest request)
    {
        await hold;
        return Alloc(request);
    }

    private AllocAutoIncResponse Alloc(AllocAutoIncRequest request)
    {
        lock (_lock)
        {
            AutoIncAllocCount++;
            if (UnavailableAutoIncAllocs > 0)
            {
                UnavailableAutoIncAllocs--;
                throw new ClusterUnavailableException("no UpdateServer master is known yet", mayHaveApplied: false);
            }
            var first = _autoInc.GetValueOrDefault(request.TableId) + 1;
            _autoInc[request.TableId] = first + request.Count - 1;
            return new AllocAutoIncResponse { First = first, Count = request.Count };
        }
    }

    public ValueTask<ulong> CommittedVersionAsync(CancellationToken ct)
    {
        lock (_lock)
            return ValueTask.FromResult(_version);
    }

    public ValueTask<TabletScanResponse> ScanTabletAsync(string chunkServer, TabletScanRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            ScanCount++;
            ScanRequests.Add(request.Clone());
            if (request.TxId != 0)
                TxScanCount++;
            var range = ScanRange.FromProto(request.Range);
            var filter = request.Filter.IsEmpty ? null : ExprSerializer.Read(request.Filter.Span);
            var eval = ExprSerializer.ContextOf(request.Filter.Span);
            var writer = new ArrayBufferWriter<byte>();
            var matched = new List<ObObj[]>();
            byte[]? lastKey = null;
            var scanned = 0;
            var more = false;
            foreach (var (key, cells) in VisibleRows(request.TableId, request.TxId == 0 ? null : FindTransaction(request.TxId)))
            {
                if (!InRange(range, key) && !request.MoreRanges.Any(r => InRange(ScanRange.FromProto(r), key)))
                    continue;
                if (scanned == PageRows)
                {
                    more = true;
                    break;
                }
                scanned++;
                lastKey = key;
                var row = request.ColumnIds.Select((id, i) => cells.TryGetValue(id, out var v) ? v : Absent(request, i)).ToArray();
                if (filter is not null && !ExprValues.IsTrue(ExprEvaluator.Evaluate(filter, row, eval)))
                    continue;
                matched.Add(row);
                if (request.Limit > 0 && matched.Count >= request.Limit)
                    break;
            }
            CellCodec.WriteVarUInt(writer, (ulong)matched.Count);
            foreach (var row in matched)
            {
                foreach (var v in row)
                    CellCodec.Write(writer, v);
            }
            return ValueTask.FromResult(new TabletScanResponse
            {
                ReadVersion = request.ReadVersion != 0 ? request.ReadVersion : _version,
                Rows = ByteString.CopyFrom(writer.WrittenSpan),
                RowCount = matched.Count,
                HasMore = more,
                LastKey = lastKey is null ? ByteString.Empty : ByteString.CopyFrom(lastKey),
                BaselineVersion = request.BaselineOnly ? BaselineVersionServed : 0,
            });
        }
    }

    public int RowCount(ulong tableId)
    {
        lock (_lock)
            return _rows[tableId].Count;
    }

    private static SqlError Duplicate(byte[] key, int item) =>
        new(1062, "23000", $"Duplicate entry '{string.Join("-", RowKeyCodec.Decode(key).Select(v => v.ToText()))}' for key 'PRIMARY'") { FailedItem = item };

    private void RaiseAutoInc(ApplyRequest request)
    {
        foreach (var hw in request.AutoInc)
            _autoInc[hw.TableId] = Math.Max(_autoInc.GetValueOrDefault(hw.TableId), hw.Value);
    }

    private static bool InRange(ScanRange r, byte[] key)
    {
        if (r.Start is not null)
        {
            var c = key.AsSpan().SequenceCompareTo(r.Start);
            if (c < 0 || (c == 0 && !r.StartInclusive))
                return false;
        }
        if (r.End is not null)
        {
            var c = key.AsSpan().SequenceCompareTo(r.End);
            if (c > 0 || (c == 0 && !r.EndInclusive))
                return false;
        }
        return true;
    }

    private static Dictionary<int, ObObj> DecodeCells(ReadOnlySpan<byte> cells)
    {
        var result = new Dictionary<int, ObObj>();
        var pos = 0;
        while (pos < cells.Length)
        {
            var id = (int)CellCodec.ReadVarUInt(cells, ref pos);
            result[id] = CellCodec.Read(cells, ref pos);
        }
        return result;
    }

    private TableDef? Find(string db, string name) => _tables.Values.FirstOrDefault(t => t.IndexOwnerTableId == 0 &&
        string.Equals(t.Database, db, StringComparison.OrdinalIgnoreCase) && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    private ValueTask<DdlResponse> Done(ulong tableId) => ValueTask.FromResult(new DdlResponse { SchemaVersion = ++_schemaVersion, TableId = tableId });

    private ValueTask<DdlResponse> Noop() => ValueTask.FromResult(new DdlResponse { SchemaVersion = _schemaVersion, Noop = true });
}
