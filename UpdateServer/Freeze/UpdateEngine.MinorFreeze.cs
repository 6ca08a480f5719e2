using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Dump;

namespace OceanClassic.UpdateServer.Engine;

// Minor freeze and dump (0.4's 转储): when the active part of the MemTable passes
// `active_mem_limit`, or on ALTER SYSTEM MINOR FREEZE, the MemTable is frozen at the last commit
// version M (everything <= M is frozen, later writes form the new active part) and, once every
// entry up to that point is durable, written to a sparse SSTable on the UPS disk with a manifest
// naming the log sequence it covers. Restart loads the newest dump and replays only the log after
// it, so restart time follows the MemTable's size, not the log's length. A dump holds only the
// increments since the previous one (a delta; restart loads the chain), so each costs what was
// written since, not the whole MemTable. The first dump, the first after a release (the daily
// merge's release dropped increments the chain still holds) and every MaxDeltas-th write the
// whole MemTable as a new base, and the older chain is pruned.
public sealed partial class UpdateEngine
{
    private static readonly TimeSpan DumpRetryDelay = TimeSpan.FromSeconds(10);
    // Bounds the files a restart reads (the chain's total size is the MemTable's either way).
    private const int MaxDeltas = 63;

    // Dumps and releases take turns: a dump must see every row either before or after a release.
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private Task _autoDump = Task.CompletedTask;
    private int _autoDumpRunning;
    private long _autoDumpNotBefore;
    private long _frozenBytes;
    private ulong _minorFrozenVersion;
    private long _minorFreezes;
    private ulong _dumpSequence;
    private long _dumpRows;
    private long _dumpFileBytes;
    private long _dumpMillis;
    // The newest dump (written or loaded), how many deltas lead to it from its base, and whether a
    // release ran since; all under _maintenance.
    private DumpManifest? _lastDump;
    private int _deltasSinceBase;
    private bool _releasedSinceDump;

    public ulong MinorFrozenVersion => Interlocked.Read(ref _minorFrozenVersion);
    public long MinorFreezes => Interlocked.Read(ref _minorFreezes);
    public ulong DumpSequence => Interlocked.Read(ref _dumpSequence);
    // The payload CRC of log entry DumpSequence (which a copied dump holds but the log may not).
    public ulong DumpEntryCrc { get; private set; }
    public long DumpRows => Interlocked.Read(ref _dumpRows);
    public long DumpFileBytes => Interlocked.Read(ref _dumpFileBytes);
    public long DumpMillis => Interlocked.Read(ref _dumpMillis);
    public long FrozenMemTableBytes => Math.Min(Interlocked.Read(ref _frozenBytes), _memTable.ApproximateBytes);
    public long ActiveMemTableBytes => Math.Max(0, _memTable.ApproximateBytes - FrozenMemTableBytes);

    public async Task<DumpManifest> MinorFreezeAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        await _maintenance.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            return await FreezeAndDumpAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    private DumpManifest RestoreDumped(IReadOnlyList<DumpManifest> chain, TimeSpan took)
    {
        var manifest = chain[^1];
        _lastDump = manifest;
        _deltasSinceBase = chain.Count - 1;
        _lastVersion = manifest.LastVersion;
        _checksum = manifest.Checksum;
        _frozenVersion = manifest.FrozenVersion;
        _releasedVersion = manifest.ReleasedVersion;
        _minorFrozenVersion = manifest.LastVersion;
        _frozenBytes = _memTable.ApproximateBytes;
        _dumpSequence = manifest.LogSequence;
        DumpEntryCrc = manifest.LastEntryCrc;
        _dumpRows = manifest.RowCount;
        foreach (var (table, mark) in manifest.AutoIncHighWater)
            _autoInc.Raise(table, mark);
        _logger.LogInformation("dump loaded: {File} ({Files} files from its base), {Rows} rows in {Ms} ms, log seq {Seq}, version {Version}",
            manifest.SSTableFile, chain.Count, chain.Sum(m => m.RowCount), (long)took.TotalMilliseconds, manifest.LogSequence, manifest.LastVersion);
        return manifest;
    }

    private async Task<DumpManifest> FreezeAndDumpAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        ulong version, sequence, checksum;
        ulong? lastPayloadCrc;
        Dictionary<ulong, ulong> autoInc;
        lock (_applyLock)
        {
            version = _lastVersion;
            // A follower dumps what its MemTable holds: the entries up to the commit point, not the held ones.
            (sequence, lastPayloadCrc) = _held.Count == 0 ? _committer.LastEntry : (_appliedSequence, null);
            checksum = _held.Count == 0 ? _checksum : _appliedChecksum;
            autoInc = _autoInc.Snapshot();
            Interlocked.Exchange(ref _minorFrozenVersion, version);
            Interlocked.Exchange(ref _frozenBytes, _memTable.ApproximateBytes);
        }
        Interlocked.Increment(ref _minorFreezes);
        _logger.LogInformation("minor freeze: frozen at version {Version}, log seq {Seq}, memtable {Bytes} bytes",
            version, sequence, _memTable.ApproximateBytes);

        var previous = _lastDump;
        if (previous is not null && previous.LogSequence == sequence)
        {
            // Nothing was logged since: the newest dump is this freeze's replay point already.
            _logger.LogInformation("minor freeze: nothing logged since the dump at log seq {Seq}", sequence);
            return previous;
        }

        // Only what a crash cannot take back goes into a dump.
        await WaitDurableAsync(sequence, version, ct).ConfigureAwait(false);
        var delta = previous is { LastVersion: > 0 } && !_releasedSinceDump && _deltasSinceBase < MaxDeltas;
        var from = delta ? previous!.LastVersion : 0;
        var path = DumpStore.SSTablePath(_options.DataDir, sequence);
        var info = await MemTableDumper.WriteAsync(_memTable, from, version, path, ct).ConfigureAwait(false);
        var logDir = Path.Combine(_options.DataDir, CommitLog.CommitLogFiles.DirectoryName);
        var lastEntryCrc = lastPayloadCrc ?? (sequence == 0 ? 0 : CommitLog.CommitLogReader.EntryCrc(logDir, sequence)
            ?? throw new IOException($"minor freeze: log entry {sequence} is not in the log"));
        var manifest = new DumpManifest(sequence, version, checksum, lastEntryCrc, FrozenVersion, ReleasedVersion,
            Path.GetFileName(path), info.DataChecksum, info.RowCount, autoInc, delta ? previous!.LogSequence : 0, from);
        await DumpStore.CommitAsync(_options.DataDir, manifest, ct).ConfigureAwait(false);
        _lastDump = manifest;
        _deltasSinceBase = delta ? _deltasSinceBase + 1 : 0;
        _releasedSinceDump = false;
        var deletedLogs = await DumpStore.PruneAsync(_options.DataDir, logDir, ct).ConfigureAwait(false);

        DumpEntryCrc = lastEntryCrc;
        Interlocked.Exchange(ref _dumpSequence, sequence);
        Interlocked.Exchange(ref _dumpRows, info.RowCount);
        Interlocked.Exchange(ref _dumpFileBytes, info.FileSize);
        Interlocked.Exchange(ref _dumpMillis, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        _logger.LogInformation("dump written: {File} ({Kind}), {Rows} rows, {Bytes} bytes in {Ms} ms; replay point log seq {Seq}; {Logs} old log files deleted",
            Path.GetFileName(path), delta ? $"delta after log seq {previous!.LogSequence}" : "base", info.RowCount, info.FileSize, DumpMillis, sequence, deletedLogs);
        return manifest;
    }

    private async Task WaitDurableAsync(ulong sequence, ulong version, CancellationToken ct)
    {
        if (!await _watermark.WaitForAsync(version, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false))
            throw new RpcException(RpcErrorCodes.Timeout, $"minor freeze: version {version} did not become durable");
        while (_committer.DurableSequence < sequence)
        {
            if (_committer.Failure is { } failure)
                ThrowLogFailed(failure);
            await Task.Delay(1, ct).ConfigureAwait(false);
        }
    }

    // After each write: a MemTable whose active part passed active_mem_limit is frozen and dumped
    // in the background (one at a time; after a failed dump, not again for a while).
    private void MaybeMinorFreeze()
    {
        var limit = _options.ActiveMemLimit;
        if (limit <= 0 || _memTable.ApproximateBytes - Volatile.Read(ref _frozenBytes) < limit)
            return;
        if (Stopwatch.GetTimestamp() < Volatile.Read(ref _autoDumpNotBefore) || Interlocked.CompareExchange(ref _autoDumpRunning, 1, 0) != 0)
            return;
        _autoDump = Task.Run(async () =>
        {
            try
            {
                await MinorFreezeAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "automatic minor freeze failed; retrying in {Delay}", DumpRetryDelay);
                Volatile.Write(ref _autoDumpNotBefore, Stopwatch.GetTimestamp() + (long)(DumpRetryDelay.TotalSeconds * Stopwatch.Frequency));
            }
            finally
            {
                Volatile.Write(ref _autoDumpRunning, 0);
            }
        });
    }

    private void OnReleased(long freedBytes)
    {
        long current, next;
        do
        {
            current = Interlocked.Read(ref _frozenBytes);
            next = Math.Max(0, current - freedBytes);
        }
        while (Interlocked.CompareExchange(ref _frozenBytes, next, current) != current);
    }
}
