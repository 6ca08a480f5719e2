using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Log;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.RootServer.Schema;

// Durability of RsState: every change is appended (and fsynced) to rs_commitlog before it is
// applied; every N entries the whole state is checkpointed atomically and the log restarts.
// The newest entries are also kept in memory, so the primary of an RS pair ships them to its
// backup; the backup appends what it is shipped, or installs a whole checkpoint. A local append
// carries the state's epoch (the writer's); a shipped one keeps the primary's.
public sealed class RsStore(string dataDir, int checkpointInterval, ILogger log) : IAsyncDisposable
{
    private readonly Lock _recentLock = new();
    // Entries in seq order; at most this many past a checkpoint are kept for a lagging backup.
    private readonly List<RsLogEntry> _recent = [];
    private RecordLog? _log;
    private int _sinceCheckpoint;
    private ulong _lastSeq;

    private string CheckpointPath => Path.Combine(dataDir, "rs_checkpoint");
    private string LogPath => Path.Combine(dataDir, "rs_commitlog");

    public ulong LastSeq
    {
        get
        {
            lock (_recentLock)
                return _lastSeq;
        }
    }

    // Runs after every local append (the RS pair ships the entry before the change is acknowledged).
    public Func<CancellationToken, Task>? Appended { get; set; }

    // Loads (or reloads, when the RS changes role) the state from the checkpoint and the log.
    public async Task<RsState> LoadAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(dataDir);
        if (_log is not null)
            await _log.DisposeAsync().ConfigureAwait(false);
        var state = new RsState();
        if (File.Exists(CheckpointPath))
        {
            var bytes = await File.ReadAllBytesAsync(CheckpointPath, ct).ConfigureAwait(false);
            state = RsState.FromCheckpoint(ReadCheckpoint(bytes));
        }
        var (recordLog, records, truncated) = RecordLog.Open(LogPath);
        if (truncated)
            log.LogWarning("{Path}: torn tail record cut at restart", LogPath);
        lock (_recentLock)
            _recent.Clear();
        foreach (var record in records)
        {
            var entry = RsLogEntry.Parser.ParseFrom(record);
            state.Apply(entry);
            Remember(entry);
        }
        _log = recordLog;
        _sinceCheckpoint = records.Count;
        lock (_recentLock)
            _lastSeq = state.LastSeq;
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
        entry.Epoch = Math.Max(state.Epoch, entry.BeginEpoch);
        await AppendLoggedAsync(state, entry, ct).ConfigureAwait(false);
        if (Appended is { } appended)
            await appended(ct).ConfigureAwait(false);
    }

    // A backup: an entry of the primary's log, with the primary's seq.
    public Task AppendShippedAsync(RsState state, RsLogEntry entry, CancellationToken ct) => AppendLoggedAsync(state, entry, ct);

    private async Task AppendLoggedAsync(RsState state, RsLogEntry entry, CancellationToken ct)
    {
        await _log!.AppendAsync(entry.ToByteArray(), ct).ConfigureAwait(false);
        state.Apply(entry);
        Remember(entry);
        if (++_sinceCheckpoint >= checkpointInterval)
            await CheckpointAsync(state, ct).ConfigureAwait(false);
    }

    // The entries after `seq`, oldest first; null when they are no longer all in memory (the
    // caller then sends a whole checkpoint).
    public List<RsLogEntry>? EntriesAfter(ulong seq)
    {
        lock (_recentLock)
        {
            if (seq >= _lastSeq)
                return [];
            var start = _recent.FindIndex(e => e.Seq > seq);
            return start >= 0 && _recent[start].Seq == seq + 1 ? _recent.GetRange(start, _recent.Count - start) : null;
        }
    }

    public async Task CheckpointAsync(RsState state, CancellationToken ct)
    {
        await WriteCheckpointAsync(state.ToCheckpoint(), ct).ConfigureAwait(false);
        // Entries up to LastSeq are in the checkpoint; a crash before this reset replays them as no-ops.
        _log!.Reset();
        _sinceCheckpoint = 0;
    }

    // A backup joining (or far behind): the primary's whole state replaces its own.
    public async Task<RsState> InstallCheckpointAsync(RsCheckpoint checkpoint, CancellationToken ct)
    {
        await WriteCheckpointAsync(checkpoint, ct).ConfigureAwait(false);
        _log!.Reset();
        _sinceCheckpoint = 0;
        lock (_recentLock)
        {
            _recent.Clear();
            _lastSeq = checkpoint.LastSeq;
        }
        return RsState.FromCheckpoint(checkpoint);
    }

    private async Task WriteCheckpointAsync(RsCheckpoint checkpoint, CancellationToken ct)
    {
        var body = checkpoint.ToByteArray();
        var file = new byte[8 + body.Length];
        BitConverter.TryWriteBytes(file, Crc64.Compute(body));
        body.CopyTo(file, 8);
        await DurableFile.WriteAtomicAsync(CheckpointPath, file, ct).ConfigureAwait(false);
    }

    private void Remember(RsLogEntry entry)
    {
        lock (_recentLock)
        {
            _recent.Add(entry);
            _lastSeq = Math.Max(_lastSeq, entry.Seq);
            if (_recent.Count > 2 * checkpointInterval)
                _recent.RemoveRange(0, _recent.Count - checkpointInterval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_log is not null)
            await _log.DisposeAsync().ConfigureAwait(false);
    }
}
