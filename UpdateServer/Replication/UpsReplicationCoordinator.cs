using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Engine;
using OceanClassic.UpdateServer.Leases;

namespace OceanClassic.UpdateServer.Replication;

// Master or backup, as the RootServer's heartbeat replies say. Master: holds the lease (renewed
// by each reply, counted from when its heartbeat was sent) and serves FetchLog. Backup: no lease,
// writes rejected (6100), a LogFetcher follows the master the RS names. The master reports its
// sync set to the RS (SyncSetReporter), which elects only backups in it. A backup becomes master
// only after its fetcher has stopped, so shipped entries and its own writes never interleave.
// Terms (TermStore): the heartbeat reply names the term the master writes in; the RootServer starts a
// term with PrepareTerm (majority election). A new master in majority mode keeps its write gate
// fenced until an entry of its term is committed on a majority (TermStart), so its whole log is;
// only then does it apply the entries it held as a follower (and serve reads, see ServesReads).
public sealed class UpsReplicationCoordinator : IAsyncDisposable
{
    private readonly string _self;
    private readonly RpcClientPool _clients;
    private readonly Func<UpdateEngine?> _engine;
    private readonly string _logDirectory;
    private readonly Func<ulong, CancellationToken, Task> _truncateAfter;
    private readonly Func<string, CancellationToken, Task>? _copyDump;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SyncSetReporter _reporter;
    private long _heartbeatSentAt;
    private LogFetcher? _fetcher;
    private CancellationTokenSource? _fetcherStop;
    private Task _fetcherTask = Task.CompletedTask;
    private readonly TermStart _termStart;

    public UpsReplicationCoordinator(string self, ReplicationOptions options, RpcClientPool clients, Func<UpdateEngine?> engine,
        Func<ulong, CancellationToken, Task> truncateAfter, Func<UpsSyncSetRequest, CancellationToken, Task<UpsSyncSetResponse>> reportSyncSet,
        ILogger logger, TimeProvider? clock = null)
    {
        _self = self;
        _clients = clients;
        _engine = engine;
        _logDirectory = options.LogDirectory;
        _copyDump = options.CopyDumpFrom;
        _truncateAfter = truncateAfter;
        _logger = logger;
        Lease = new UpsLease(clock);
        Terms = new TermStore(options.DataDirectory);
        Replicator = new LogShippingReplicator(options, Lease, () => engine()?.LogSequence, logger)
        {
            Term = Terms.Current,
            Acknowledged = () => engine()?.AcknowledgedSequence ?? 0,
        };
        _termStart = new TermStart(Lease, Replicator, engine, logger);
        _reporter = new SyncSetReporter(Replicator, self, reportSyncSet, logger);
    }

    public UpsLease Lease { get; }
    public LogShippingReplicator Replicator { get; }
    public TermStore Terms { get; }
    public string? FollowedMaster => _fetcher?.Master;

    // Reads that pick a snapshot: only a master whose MemTable holds its whole log (a promoted
    // follower's held tail is applied once its new-term entry commits; before, it would miss
    // acknowledged writes).
    public bool ServesReads => Lease.IsMaster && _engine() is { HeldEntries: 0 };

    public void FillHeartbeat(HeartbeatRequest request)
    {
        Volatile.Write(ref _heartbeatSentAt, Lease.Now);
        request.UpsDroppedBackups.AddRange(Replicator.DroppedBackups);
    }

    public async ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (response.UpsTerm > 0)
                await Terms.RaiseAsync(response.UpsTerm, ct).ConfigureAwait(false);
            if (response.UpsGroupSize > 0)
                Replicator.Majority.SetGroupSize((int)response.UpsGroupSize);
            var mode = ReplicationModes.Parse(response.UpsReplication) ?? Replicator.Mode;
            if (response.YouAreUpsMaster && response.UpsLeaseMs > 0 && response.UpsTerm >= Terms.Current)
            {
                var promoted = !Lease.IsMaster;
                if (promoted)
                {
                    await StopFetcherAsync().ConfigureAwait(false);
                    Replicator.Term = response.UpsTerm;
                    Replicator.Mode = mode;
                    if (mode == ReplicationMode.Majority)
                        Lease.Fence(TimeSpan.FromDays(1)); // until an entry of the new term is committed (TermStart), which applies the held tail
                    else
                        _engine()?.ApplyWholeLog(); // 0.4: the elected backup's log is the truth
                    _logger.LogInformation("this UpdateServer is now the master of term {Term} ({Mode} replication, log seq {Seq})",
                        response.UpsTerm, mode.Name(), _engine()?.LogSequence ?? 0);
                }
                Lease.Grant(Volatile.Read(ref _heartbeatSentAt), TimeSpan.FromMilliseconds(response.UpsLeaseMs));
                if (promoted)
                {
                    _reporter.Wake(); // nothing is acknowledged before the RS holds this master's sync set
                    if (mode == ReplicationMode.Majority)
                        _termStart.Begin(fenced: true);
                }
                else if (mode != Replicator.Mode)
                {
                    _logger.LogInformation("replication switches from {From} to {To} (log seq {Seq})", Replicator.Mode.Name(), mode.Name(),
                        _engine()?.LastAssignedSequence() ?? 0);
                    Replicator.Mode = mode;
                    if (mode == ReplicationMode.Majority)
                        _termStart.Begin(fenced: false);
                }
                return;
            }
            Replicator.Mode = mode;
            if (Lease.IsMaster)
            {
                Lease.Revoke();
                Replicator.OnRoleLost();
                _logger.LogWarning("this UpdateServer is no longer the master (the RootServer names {Master}); it follows as a backup",
                    response.UpsMaster.Length == 0 ? "none" : response.UpsMaster);
            }
            if (response.UpsMaster.Length > 0 && response.UpsMaster != _self && response.UpsMaster != _fetcher?.Master)
            {
                await StopFetcherAsync().ConfigureAwait(false);
                StartFetcher(response.UpsMaster);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // ALTER SYSTEM SWITCH UPS MASTER, on the current master: no new writes, then wait until the
    // target has everything this UPS ever assigned a sequence to.
    public async ValueTask<HandOverResponse> HandOverAsync(HandOverRequest request, CancellationToken ct)
    {
        var engine = _engine() ?? throw new RpcException(RpcErrorCodes.Internal, "UpdateServer is starting");
        Lease.ThrowIfNotWritable();
        var timeout = TimeSpan.FromMilliseconds(request.TimeoutMs > 0 ? request.TimeoutMs : 5000);
        Lease.Fence(timeout + TimeSpan.FromSeconds(10));
        var last = engine.LastAssignedSequence();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (engine.LogSequence < last || Replicator.AcknowledgedBy(request.Target) < last)
        {
            if (clock.Elapsed > timeout)
            {
                Lease.Unfence();
                throw new RpcException(RpcErrorCodes.Timeout,
                    $"{request.Target} did not reach log seq {last} within {timeout.TotalSeconds}s (it has {Replicator.AcknowledgedBy(request.Target)}); the master keeps its role");
            }
            await Task.Delay(5, ct).ConfigureAwait(false);
        }
        _logger.LogInformation("handing the master role over to {Target} at log seq {Seq}", request.Target, last);
        return new HandOverResponse { LogSeq = last };
    }

    // The RootServer starts a term (majority election): persist it; a master of an older term stops
    // writing at once (its lease is about to lapse at the RS anyway). Answers with the durable log's end.
    public async ValueTask<PrepareTermResponse> PrepareTermAsync(PrepareTermRequest request, CancellationToken ct)
    {
        var engine = _engine() ?? throw new RpcException(RpcErrorCodes.Internal, "UpdateServer is starting");
        var term = await Terms.RaiseAsync(request.Term, ct).ConfigureAwait(false);
        if (Lease.IsMaster && Replicator.Term < term)
        {
            Lease.Revoke();
            Replicator.OnRoleLost();
            _logger.LogWarning("the RootServer started UPS term {Term}: this master of term {Old} stops writing", term, Replicator.Term);
        }
        return new PrepareTermResponse { Term = term, LastTerm = engine.DurableTerm, LastSeq = engine.LogSequence };
    }

    private void StartFetcher(string master)
    {
        _fetcher = new LogFetcher(master, _self, _clients, _engine, _logDirectory, _truncateAfter, _logger) { CopyDump = _copyDump, Terms = Terms };
        _fetcherStop = new CancellationTokenSource();
        _fetcherTask = _fetcher.RunAsync(_fetcherStop.Token);
    }

    private async Task StopFetcherAsync()
    {
        if (_fetcherStop is null)
            return;
        await _fetcherStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _fetcherTask.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "log fetcher from {Master} failed", _fetcher?.Master);
        }
        _fetcherStop.Dispose();
        _fetcherStop = null;
        _fetcher = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _termStart.DisposeAsync().ConfigureAwait(false);
        await StopFetcherAsync().ConfigureAwait(false);
        await _reporter.DisposeAsync().ConfigureAwait(false);
        await Replicator.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
