using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.Engine;

// Major freeze and release (DESIGN §1). A freeze is a version boundary in the one MemTable: the
// frozen version F is the committed version when the RootServer asks, so every increment <= F is
// durable and belongs to the frozen data, and every later write is newer than F. ChunkServers
// then merge increments in (their version, F] into new baselines and read increments newer than
// their baseline version (ScanIncrementRequest.min_version). Once the RootServer says every
// tablet serves F it sends released_version = F: the increments <= F are dropped, and a scan that
// still asks for min_version < released (a reader of an older baseline) is refused, never answered
// with rows missing.
public sealed partial class UpdateEngine
{
    private ulong _frozenVersion;
    private ulong _releasedVersion;
    private Task _release = Task.CompletedTask;

    public ulong FrozenVersion => Interlocked.Read(ref _frozenVersion);
    public ulong ReleasedVersion => Interlocked.Read(ref _releasedVersion);
    public long ReleasedBytes { get; private set; }

    public ulong MajorFreeze()
    {
        ulong frozen;
        lock (_applyLock)
        {
            frozen = Math.Max(_watermark.Version, _frozenVersion);
            Interlocked.Exchange(ref _frozenVersion, frozen);
        }
        _logger.LogInformation("major freeze: frozen version {Version}, memtable {Bytes} bytes", frozen, _memTable.ApproximateBytes);
        return frozen;
    }

    // Called on every RootServer heartbeat reply; starts one background release at a time.
    public void ReleaseUpTo(ulong version)
    {
        version = Math.Min(version, _watermark.Version);
        if (version <= ReleasedVersion || !_release.IsCompleted)
            return;
        Interlocked.Exchange(ref _releasedVersion, version);
        if (version > FrozenVersion)
            Interlocked.Exchange(ref _frozenVersion, version);
        _release = Task.Run(async () =>
        {
            await _maintenance.WaitAsync(_stop.Token).ConfigureAwait(false);
            try
            {
                var before = _memTable.ApproximateBytes;
                var freed = _memTable.Release(version, _applyLock, _stop.Token);
                _releasedSinceDump = true;
                ReleasedBytes += freed;
                OnReleased(freed);
                _logger.LogInformation("released increments <= {Version}: freed {Freed} bytes, memtable {Before} -> {After} bytes",
                    version, freed, before, _memTable.ApproximateBytes);
            }
            finally
            {
                _maintenance.Release();
            }
        });
    }

    private void CheckNotReleased(ulong minVersion)
    {
        var released = ReleasedVersion;
        if (minVersion < released)
            ThrowReleased(minVersion, released);
    }

    [DoesNotReturn]
    private static void ThrowReleased(ulong minVersion, ulong released) =>
        throw new RpcException(WireErrorCodes.IncrementsReleased,
            $"increments newer than {minVersion} are no longer all here: versions <= {released} were released after the daily merge");
}
