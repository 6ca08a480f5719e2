using Microsoft.Extensions.Logging;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.Pair;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.DailyMerge;

// The RootServer's side of the major freeze and daily merge (DESIGN §1): asks the UPS master to
// freeze and persists the frozen version (sent in every heartbeat reply, so ChunkServers start
// merging), folds the ChunkServers' tablet reports into the root table, and once every replica of
// every tablet serves the frozen version (and merge_release_grace has passed, for reads that
// started on an older baseline) lets the UPS drop the frozen increments (released_version).
public sealed class DailyMergeCoordinator(RpcClientPool clients, RsStore store, TimeSpan releaseGrace, ILogger log)
{
    private readonly TabletReportProcessor _reports = new(log);
    private ulong _allMergedVersion;
    private DateTimeOffset _allMergedAt;

    public TabletReportProcessor Reports => _reports;

    public async Task<MajorFreezeResponse> MajorFreezeAsync(SchemaService schema, string? upsMaster, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(upsMaster))
            throw new RpcException(RpcErrorCodes.Internal, "no UpdateServer master to freeze");
        var frozen = await clients.CallAsync(upsMaster, PacketCodes.UpsMajorFreeze, new Empty(), MajorFreezeResponse.Parser, cancellationToken: ct)
            .ConfigureAwait(false);
        return await schema.WriteAsync(async s =>
        {
            if (frozen.FrozenVersion > s.FrozenVersion)
            {
                await store.AppendAsync(s, new RsLogEntry { SetFrozenVersion = frozen.FrozenVersion }, ct).ConfigureAwait(false);
                log.LogInformation("major freeze: frozen version {Version}; ChunkServers merge to it", frozen.FrozenVersion);
            }
            return new MajorFreezeResponse { FrozenVersion = s.FrozenVersion };
        }, ct).ConfigureAwait(false);
    }

    public Task<TabletReportResponse> ReportAsync(SchemaService schema, TabletReportRequest report, CancellationToken ct) =>
        schema.WriteAsync(async s =>
        {
            foreach (var entry in _reports.Process(s, report))
                await store.AppendAsync(s, entry, ct).ConfigureAwait(false);
            return new TabletReportResponse { FrozenVersion = s.FrozenVersion };
        }, ct);

    // From the RootServer's maintenance loop, under the schema write lock. The released version is
    // persisted: a restarted RS keeps telling the UPS it may drop the merged increments.
    public async Task CheckReleaseAsync(RsState state, DateTimeOffset now, CancellationToken ct)
    {
        var frozen = state.FrozenVersion;
        if (frozen == 0 || frozen <= state.ReleasedVersion)
            return;
        if (!_reports.AllReplicasAt(state, frozen))
        {
            _allMergedVersion = 0;
            return;
        }
        if (_allMergedVersion != frozen)
        {
            _allMergedVersion = frozen;
            _allMergedAt = now;
            log.LogInformation("every tablet replica serves frozen version {Version}; releasing its increments after {Grace}", frozen, releaseGrace);
        }
        if (now - _allMergedAt >= releaseGrace)
        {
            await store.AppendAsync(state, new RsLogEntry { SetReleasedVersion = frozen }, ct).ConfigureAwait(false);
            log.LogInformation("daily merge to version {Version} done: the UpdateServer may drop increments <= {Version}", frozen, frozen);
        }
    }
}
