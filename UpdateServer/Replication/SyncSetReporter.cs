using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.Replication;

// Keeps the RootServer's copy of this master's sync set current (RsReportUpsSyncSet): woken by
// every change, it sends the whole set and, once the RS has persisted it, lets the replicator
// acknowledge writes a dropped backup lacks. While the RS cannot be reached those writes wait;
// the lease then runs out too and they fail, which is the safe outcome.
public sealed class SyncSetReporter : IAsyncDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);

    private readonly LogShippingReplicator _replicator;
    private readonly string _self;
    private readonly Func<UpsSyncSetRequest, CancellationToken, Task<UpsSyncSetResponse>> _report;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ulong _lastId;

    public SyncSetReporter(LogShippingReplicator replicator, string self,
        Func<UpsSyncSetRequest, CancellationToken, Task<UpsSyncSetResponse>> report, ILogger logger)
    {
        _replicator = replicator;
        _self = self;
        _report = report;
        _logger = logger;
        replicator.SyncSetChanged = Wake;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public long Reports { get; private set; }

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(failures == 0 ? Idle : Retry, ct).ConfigureAwait(false);
                if (_replicator.PendingReport() is not { } pending)
                    continue;
                var request = new UpsSyncSetRequest { Master = _self, ReportId = NextId() };
                request.InSync.AddRange(pending.InSync);
                var response = await _report(request, ct).ConfigureAwait(false);
                _replicator.ConfirmReport(pending.Epoch, response.InSync);
                Reports++;
                if (failures > 0)
                    _logger.LogInformation("the RootServer holds the sync set {InSync} again", string.Join(',', response.InSync));
                failures = 0;
                Wake(); // something may have changed while the report was in flight
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or IOException or TimeoutException or OperationCanceledException)
            {
                // Log the first failure and then every 20th (a long RS outage must not flood the log).
                if (failures++ % 20 == 0)
                    _logger.LogWarning("reporting the sync set to the RootServer failed; writes a dropped backup lacks wait: {Error}", e.Message);
            }
        }
    }

    // Increases across reports and across restarts of this UPS (the RS ignores older reports).
    private ulong NextId() => _lastId = Math.Max(_lastId + 1, (ulong)DateTime.UtcNow.Ticks);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }
}
