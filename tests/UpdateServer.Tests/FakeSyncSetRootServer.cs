using System.Diagnostics;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.Tests;

// The RootServer's side of RsReportUpsSyncSet for replication tests: records each report and
// holds the last set; it can be made unreachable or made to hold its reply.
public sealed class FakeSyncSetRootServer
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, string[] InSync)> _reports = [];
    private TaskCompletionSource? _hold;

    public volatile bool Reachable = true;

    public IReadOnlyList<(TimeSpan At, string[] InSync)> Reports
    {
        get { lock (_lock) return [.. _reports]; }
    }

    public string[] Held
    {
        get { lock (_lock) return _reports.Count == 0 ? [] : _reports[^1].InSync; }
    }

    public TimeSpan Now => _clock.Elapsed;

    // Replies wait until Release.
    public void Hold()
    {
        lock (_lock)
            _hold ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release()
    {
        TaskCompletionSource? hold;
        lock (_lock)
            (hold, _hold) = (_hold, null);
        hold?.TrySetResult();
    }

    public async Task<UpsSyncSetResponse> ReportAsync(UpsSyncSetRequest request, CancellationToken ct)
    {
        Task? hold;
        lock (_lock)
            hold = _hold?.Task;
        if (hold is not null)
            await hold.WaitAsync(ct);
        if (!Reachable)
            throw new RpcException(RpcErrorCodes.ConnectionFailed, "the RootServer is unreachable (test)");
        lock (_lock)
            _reports.Add((_clock.Elapsed, [.. request.InSync]));
        var response = new UpsSyncSetResponse();
        response.InSync.AddRange(request.InSync);
        return response;
    }
}
