using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// The MergeServer's share of an autocommit INSERT is parse, plan and encode; every byte allocated there
// is paid for at sysbench rates (about 5 KB per insert before this budget was set).
[TestClass]
public sealed class InsertPathCostTests
{
    private const int InsertBudgetBytes = 4096;

    [TestMethod]
    public async Task ASysbenchInsertAllocatesLessThan4KBInTheEngine()
    {
        var gateway = new ApplyCountingGateway(new InMemoryCluster());
        var engine = new SqlEngine(gateway, new EngineOptions { AutoIncrementBlock = 1000 });
        var session = await engine.OpenSessionAsync(new SessionInfo(1, "root", null, "127.0.0.1"), CancellationToken.None);
        var setup = new CapturingSink();
        await session.ExecuteAsync("CREATE DATABASE sbtest; USE sbtest; CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, "
            + "k INTEGER DEFAULT '0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))", setup, CancellationToken.None);
        Assert.IsNull(setup.Failure);
        var random = new Random(7);
        var statements = Enumerable.Range(0, 100).Select(_ =>
            $"INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, {random.Next(1, 10000)}, '{Digits(random, 10)}', '{Digits(random, 5)}')").ToArray();
        var sink = new OkCountingSink();

        for (var i = 0; i < 100; i++)
            Run(session, statements[i], sink);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 300; i++)
            Run(session, statements[i % statements.Length], sink);
        var perInsert = (GC.GetAllocatedBytesForCurrentThread() - before) / 300;

        Assert.AreEqual(400, sink.Oks);
        Assert.AreEqual(400, gateway.Mutations);
        Assert.IsTrue(perInsert < InsertBudgetBytes, $"an insert allocated {perInsert} bytes");
    }

    // Everything completes synchronously here, so the whole statement runs on this thread.
    private static void Run(ISqlSession session, string sql, IResultSink sink) =>
        Assert.IsTrue(session.ExecuteAsync(sql, sink, CancellationToken.None).IsCompletedSuccessfully);

    // sysbench's c and pad values: groups of 11 digits joined by '-'.
    private static string Digits(Random random, int groups) =>
        string.Join("-", Enumerable.Range(0, groups).Select(_ => random.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private sealed class OkCountingSink : IResultSink
    {
        public int Oks { get; private set; }

        public void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0) => Oks++;

        public void Error(QueryError error) => Assert.Fail(error.ToString());

        public IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns) => throw new AssertFailedException("no result set expected");
    }

    // The in-memory cluster for schema and ids; applies are only counted, so the measurement is the
    // engine's alone.
    private sealed class ApplyCountingGateway(InMemoryCluster cluster) : IClusterGateway
    {
        private static readonly ApplyResponse Applied = new();

        public int Mutations { get; private set; }

        public ValueTask<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct)
        {
            Mutations += request.Mutations.Count;
            return ValueTask.FromResult(Applied);
        }

        public ValueTask<SchemaResponse> GetSchemaAsync(CancellationToken ct) => cluster.GetSchemaAsync(ct);

        public ValueTask<DdlResponse> CreateDatabaseAsync(CreateDatabaseRequest request, CancellationToken ct) => cluster.CreateDatabaseAsync(request, ct);

        public ValueTask<DdlResponse> DropDatabaseAsync(DropDatabaseRequest request, CancellationToken ct) => cluster.DropDatabaseAsync(request, ct);

        public ValueTask<DdlResponse> CreateTableAsync(CreateTableRequest request, CancellationToken ct) => cluster.CreateTableAsync(request, ct);

        public ValueTask<DdlResponse> DropTableAsync(DropTableRequest request, CancellationToken ct) => cluster.DropTableAsync(request, ct);

        public ValueTask<DdlResponse> AlterTablesAsync(AlterTablesRequest request, CancellationToken ct) => cluster.AlterTablesAsync(request, ct);

        public ValueTask<DdlResponse> TruncateTableAsync(TruncateTableRequest request, CancellationToken ct) => cluster.TruncateTableAsync(request, ct);

        public ValueTask<TabletLocationResponse> GetTabletsAsync(ulong tableId, CancellationToken ct) => cluster.GetTabletsAsync(tableId, ct);

        public ValueTask<ServerListResponse> GetServersAsync(CancellationToken ct) => cluster.GetServersAsync(ct);

        public void OnUpsMaster(string address) => cluster.OnUpsMaster(address);

        public ValueTask<BeginTxResponse> BeginTxAsync(BeginTxRequest request, CancellationToken ct) => cluster.BeginTxAsync(request, ct);

        public ValueTask<EndTxResponse> EndTxAsync(EndTxRequest request, CancellationToken ct) => cluster.EndTxAsync(request, ct);

        public ValueTask<SavepointResponse> SavepointAsync(SavepointRequest request, CancellationToken ct) => cluster.SavepointAsync(request, ct);

        public ValueTask<AllocAutoIncResponse> AllocAutoIncAsync(AllocAutoIncRequest request, CancellationToken ct) => cluster.AllocAutoIncAsync(request, ct);

        public ValueTask<ulong> CommittedVersionAsync(CancellationToken ct) => cluster.CommittedVersionAsync(ct);

        public ValueTask<TabletScanResponse> ScanTabletAsync(string chunkServer, TabletScanRequest request, CancellationToken ct) =>
            cluster.ScanTabletAsync(chunkServer, request, ct);
    }
}
