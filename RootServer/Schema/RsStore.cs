using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Log;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.RootServer.Schema;

// Durability of RsState: every change is appended (and fsynced) to rs_commitlog before it is
// applied; every N entries the whole state is checkpointed atomically and the log restarts.
public sealed class RsStore(string dataDir, int checkpointInterval, ILogger log) : IAsyncDisposable
{
    private RecordLog? _log;
    private int _sinceCheckpoint;

    private string CheckpointPath => Path.Combine(dataDir, "rs_checkpoint");
    private string LogPath => Path.Combine(dataDir, "rs_commitlog");

    public async Task<RsState> LoadAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(dataDir);
        var state = new RsState();
        if (File.Exists(CheckpointPath))
        {
            var bytes = await File.ReadAllBytesAsync(CheckpointPath, ct).ConfigureAwait(false);
            state = RsState.FromCheckpoint(ReadCheckpoint(bytes));
        }
        var (recordLog, records, truncated) = RecordLog.Open(LogPath);
        if (truncated)
            log.LogWarning("{Path}: torn tail record cut at restart", LogPath);
        foreach (var record in records)
            state.Apply(RsLogEntry.Parser.ParseFrom(record));
        _log = recordLog;
        _sinceCheckpoint = records.Count;
        log.LogInformation("RootServer state loaded: {Tables} tables, schema version {Version}, {Entries} log entries replayed",
            state.Tables.Count(), state.SchemaVersion, records.Count);
        return state;
    }

    // A checkpoint file is [CRC-64 (8 bytes)][RsCheckpoint]; written atomically, so it is whole or absent.
    private RsCheckpoint ReadCheckpoint(byte[] bytes)
    {
        if (bytes.Length < 8 || BitConverter.ToUInt64(bytes, 0) != Crc64.Compute(bytes.AsSpan(8)))
            throw new InvalidDataException($"{CheckpointPath}: checkpoint CRC mismatch");
        return RsCheckpoint.Parser.ParseFrom(bytes.AsSpan(8));
    }

    public async Task AppendAsync(RsState state, RsLogEntry entry, CancellationToken ct)
    {
        entry.Seq = state.LastSeq + 1;
        await _log!.AppendAsync(entry.ToByteArray(), ct).ConfigureAwait(false);
        state.Apply(entry);
        if (++_sinceCheckpoint >= checkpointInterval)
            await CheckpointAsync(state, ct).ConfigureAwait(false);
    }

    public async Task CheckpointAsync(RsState state, CancellationToken ct)
    {
        var body = state.ToCheckpoint().ToByteArray();
        var file = new byte[8 + body.Length];
        BitConverter.TryWriteBytes(file, Crc64.Compute(body));
        body.CopyTo(file, 8);
        await DurableFile.WriteAtomicAsync(CheckpointPath, file, ct).ConfigureAwait(false);
        // Entries up to LastSeq are in the checkpoint; a crash before this reset replays them as no-ops.
        _log!.Reset();
        _sinceCheckpoint = 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_log is not null)
            await _log.DisposeAsync().ConfigureAwait(false);
    }
}
