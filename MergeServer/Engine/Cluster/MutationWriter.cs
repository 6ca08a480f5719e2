using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.Engine.Cluster;

// Sends a statement's mutations to the UPS master as one ApplyRequest (so the statement is atomic).
// While the UPS cannot be reached and the request surely was not delivered (a restart or a master switch
// in progress) it waits and resends, for a few seconds (upsUnavailableBudget, from EngineOptions: twice the
// failover time UpsLeaseTimes derives); a request that may have been delivered is never resent — the
// client gets an error instead of a possible double apply. Resends back off to at most
// UpsLeaseTimes.RediscoveryBackoffCap, so a new master is found within that of being elected.
public sealed class MutationWriter(IClusterGateway gateway, TimeSpan upsUnavailableBudget, ILogger logger)
{
    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    public async ValueTask<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + upsUnavailableBudget;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await gateway.ApplyAsync(request, ct);
            }
            catch (ClusterUnavailableException e) when (!e.MayHaveApplied && DateTime.UtcNow < deadline)
            {
                if (attempt == 1)
                    logger.LogWarning("UpdateServer unavailable, retrying: {Error}", e.Message);
                await Task.Delay(Backoff(attempt), ct);
            }
            catch (ClusterUnavailableException e)
            {
                throw new SqlError(ErrorCodes.Unknown, "HY000", $"UpdateServer unavailable, retry ({e.Message})");
            }
        }
    }

    // Reads that a write depends on (the committed version) wait for the UPS the same way.
    public ValueTask<ulong> CommittedVersionAsync(CancellationToken ct) =>
        RetryWhileUnavailableAsync(static (g, ct) => g.CommittedVersionAsync(ct), ct);

    // So does an AUTO_INCREMENT block (a cluster just started may not know its UPS master yet). A block
    // request that may have been applied is resent too: the lost block only leaves a gap in the ids.
    public ValueTask<AllocAutoIncResponse> AllocAutoIncAsync(AllocAutoIncRequest request, CancellationToken ct) =>
        RetryWhileUnavailableAsync((g, ct) => g.AllocAutoIncAsync(request, ct), ct);

    // And a statement transaction's BEGIN (a cluster just started may not know its UPS master yet). A
    // BEGIN resent after it may have reached the UPS leaves at most an empty transaction, which the UPS
    // rolls back at its idle timeout: nothing was written in it.
    public ValueTask<BeginTxResponse> BeginTxAsync(BeginTxRequest request, CancellationToken ct) =>
        RetryWhileUnavailableAsync((g, ct) => g.BeginTxAsync(request, ct), ct);

    private async ValueTask<T> RetryWhileUnavailableAsync<T>(Func<IClusterGateway, CancellationToken, ValueTask<T>> call, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + upsUnavailableBudget;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(gateway, ct);
            }
            catch (ClusterUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Backoff(attempt), ct);
            }
            catch (ClusterUnavailableException e)
            {
                throw new SqlError(ErrorCodes.Unknown, "HY000", $"UpdateServer unavailable, retry ({e.Message})");
            }
        }
    }

    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(UpsLeaseTimes.RediscoveryBackoffCap.TotalMilliseconds - 20, 10 * attempt * attempt) + Random.Shared.Next(0, 20));
}
