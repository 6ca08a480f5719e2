using System.Buffers;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Engine;

namespace OceanClassic.UpdateServer.Tests;

// A temp data directory with an engine on it; Restart() reopens the engine from the same
// directory (the recovery step of every durability test).
public sealed class UpsHarness : IDisposable
{
    public const ulong Table = 1001;

    // `parent`: where the temp data directory goes (the system temp directory by default).
    public UpsHarness(long commitLogSize = 64L << 20, bool syncLog = true, string? parent = null)
    {
        Directory = Path.Combine(parent ?? Path.GetTempPath(), "ups-test-" + Guid.NewGuid().ToString("N"));
        Options = new UpdateEngineOptions(Directory)
        {
            CommitLogSize = commitLogSize,
            SyncLog = syncLog,
            ReadVersionWait = TimeSpan.FromMilliseconds(200),
            TxSweepInterval = TimeSpan.FromMilliseconds(20),
        };
        Engine = UpdateEngine.OpenAsync(Options, NullLogger.Instance).GetAwaiter().GetResult();
    }

    public string Directory { get; }
    public UpdateEngineOptions Options { get; private set; }
    public UpdateEngine Engine { get; private set; }
    public string LogDirectory => Path.Combine(Directory, "commitlog");

    // Stops the engine as the role does on the way down; a test harness may block on it.
    public void StopEngine() => Engine.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public void Restart(UpdateEngineOptions? options = null)
    {
        StopEngine();
        Options = (options ?? Options) with { Faults = new UpsFaults() };
        Engine = UpdateEngine.OpenAsync(Options, NullLogger.Instance).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        StopEngine();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public async Task<ulong> ApplyAsync(params RowMutation[] mutations) => (await ApplyAsync(0, mutations)).CommitVersion;

    public Task<ApplyResponse> ApplyAsync(ulong expectUnchangedSince, params RowMutation[] mutations)
    {
        var request = new ApplyRequest { ExpectUnchangedSince = expectUnchangedSince };
        request.Mutations.AddRange(mutations);
        return Engine.ApplyAsync(request, CancellationToken.None).AsTask();
    }

    public async Task<List<IncrementRowsBlock.Row>> ScanAsync(ulong readVersion = 0, KeyRange? range = null, ulong table = Table, ulong txId = 0)
    {
        var response = await Engine.ScanIncrementAsync(new ScanIncrementRequest { TableId = table, ReadVersion = readVersion, Range = range, TxId = txId }, CancellationToken.None);
        return IncrementRowsBlock.Decode(response.Rows.Span);
    }

    public async Task<IncrementRowsBlock.Row?> GetAsync(long key, ulong readVersion = 0, ulong txId = 0)
    {
        var k = ByteString.CopyFrom(Ups.Key(key));
        var rows = await ScanAsync(readVersion, new KeyRange { Start = k, StartInclusive = true, End = k, EndInclusive = true }, txId: txId);
        return rows.Count == 0 ? null : rows[0];
    }

    // Column 1 of the row as this reader sees it (null when absent or deleted).
    public async Task<long?> ValueAsync(long key, ulong txId = 0)
    {
        var row = await GetAsync(key, txId: txId);
        return row is { State: not OceanClassic.UpdateServer.MemTable.IncrementKind.Delete } r ? Ups.Cell(r, 1)?.Int : null;
    }

    public ulong Begin(long lockWaitTimeoutMs = 0, long idleTimeoutMs = 0) =>
        Engine.BeginTx(new BeginTxRequest { LockWaitTimeoutMs = lockWaitTimeoutMs, IdleTimeoutMs = idleTimeoutMs }).TxId;

    public Task<ApplyResponse> TxApplyAsync(ulong txId, params RowMutation[] mutations)
    {
        var request = new ApplyRequest { TxId = txId };
        request.Mutations.AddRange(mutations);
        return Engine.ApplyAsync(request, CancellationToken.None).AsTask();
    }

    public async Task<ulong> EndAsync(ulong txId, bool commit = true) =>
        (await Engine.EndTxAsync(new EndTxRequest { TxId = txId, Commit = commit }, CancellationToken.None)).CommitVersion;
}

public static class Ups
{
    public static byte[] Key(long id) => RowKeyCodec.Encode(ObObj.FromInt(id));

    public static RowMutation Insert(long id, params (int Column, ObObj Value)[] cells) => Mutation(MutationOp.MutInsert, id, cells);
    public static RowMutation Update(long id, params (int Column, ObObj Value)[] cells) => Mutation(MutationOp.MutUpdate, id, cells);
    public static RowMutation Replace(long id, params (int Column, ObObj Value)[] cells) => Mutation(MutationOp.MutReplace, id, cells);
    public static RowMutation Delete(long id) => Mutation(MutationOp.MutDelete, id);
    public static RowMutation LockRow(long id) => Mutation(MutationOp.MutLock, id);

    // Polls (no fixed sleep) until `condition` holds; fails after 5 s.
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("timed out waiting until " + what);
            await Task.Delay(5);
        }
    }

    public static RowMutation Mutation(MutationOp op, long id, params (int Column, ObObj Value)[] cells)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var (column, value) in cells)
        {
            CellCodec.WriteVarUInt(writer, (ulong)column);
            CellCodec.Write(writer, value);
        }
        return new RowMutation { TableId = UpsHarness.Table, Rowkey = ByteString.CopyFrom(Key(id)), Op = op, Cells = ByteString.CopyFrom(writer.WrittenSpan) };
    }

    public static (int, ObObj) C(int column, long value) => (column, ObObj.FromInt(value));
    public static (int, ObObj) C(int column, string value) => (column, ObObj.FromString(value));

    public static long IdOf(IncrementRowsBlock.Row row) => RowKeyCodec.Decode(row.RowKey)[0].Int;

    public static ObObj? Cell(IncrementRowsBlock.Row row, int column) =>
        row.Cells.Where(c => c.ColumnId == column).Select(c => (ObObj?)c.Value).FirstOrDefault();
}
