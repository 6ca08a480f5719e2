using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Engine;

namespace OceanClassic.UpdateServer.Replication;

// A backup's side of log shipping: long-polls the master for the log after its own end, appends
// what comes back, applies it to the MemTable up to the master's commit point (each reply and entry
// stamp carries it; the rest is held, UpdateEngine.ApplyCommitted), and acknowledges with the next fetch. The first fetch of a session
// checks that the backup's last entry is the master's; if not (a returning old master with a tail
// nobody acknowledged) it finds the last common entry, has the log cut back there, then follows.
// Entries compare by payload CRC, which covers the term stamp: an entry of another term differs.
// Terms: each fetch names the newest term this UPS knows; a reply from a master of an older term is
// refused (its log is never taken), a newer one is persisted before its entries are.
// Log incarnation: a majority master ships entries before its own write, and a failed write cuts
// them there (their sequences are then reused). Each reply names the master log's incarnation; when
// it is not the one this session verified against, nothing of the reply is taken (not even its
// commit point, which could cover entries of ours the master no longer has) and the next fetch
// verifies our last entry again, as the first of a session does.
public sealed class LogFetcher(
    string master,
    string self,
    RpcClientPool clients,
    Func<UpdateEngine?> engine,
    string logDirectory,
    Func<ulong, CancellationToken, Task> truncateAfter,
    ILogger logger)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);

    public string Master => master;

    // Copies the master's dump and reopens the engine from it (see ReplicationOptions.CopyDumpFrom).
    public Func<string, CancellationToken, Task>? CopyDump { get; init; }

    // Null: no terms (tests of log shipping alone).
    public TermStore? Terms { get; init; }

    public async Task RunAsync(CancellationToken ct)
    {
        var verify = true;
        ulong incarnation = 0;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var e = engine();
                if (e is null || (verify && e.ReceivedSequence != e.LogSequence))
                {
                    await Task.Delay(20, ct).ConfigureAwait(false);
                    continue;
                }
                var from = e.ReceivedSequence + 1;
                var request = new FetchLogRequest
                {
                    Backup = self, FromSeq = from, ReceivedSeq = e.ReceivedSequence, DurableSeq = e.LogSequence,
                    WaitMs = (long)Wait.TotalMilliseconds, MaxBytes = 4 << 20, Term = Terms?.Current ?? 0, LogIncarnation = incarnation,
                };
                if (verify && from > 1)
                {
                    request.VerifyPrev = true;
                    request.PrevCrc = CommitLogReader.EntryCrc(logDirectory, from - 1)
                        ?? (from - 1 == e.DumpSequence ? e.DumpEntryCrc : 0);
                }
                var response = await FetchAsync(request, ct).ConfigureAwait(false);
                await CheckTermAsync(response, ct).ConfigureAwait(false);
                failures = 0;
                if (response.NeedsDumpSeq != 0 && CopyDump is not null)
                {
                    logger.LogWarning("master {Master} pruned the log after log seq {Seq} (we need {From}); copying its dump {Dump}",
                        master, e.ReceivedSequence, from, response.NeedsDumpSeq);
                    await CopyDump(master, ct).ConfigureAwait(false);
                    verify = true;
                    continue;
                }
                if (response.Diverged)
                {
                    await ReconcileAsync(e.LogSequence, response.MasterSeq, ct).ConfigureAwait(false);
                    continue;
                }
                if (!verify && response.LogIncarnation != incarnation)
                {
                    logger.LogWarning("master {Master}'s log changed (a failed write may have cut entries it had shipped); verifying ours again", master);
                    verify = true;
                    continue;
                }
                if (verify)
                {
                    logger.LogInformation("following UpdateServer master {Master} from log seq {Seq}", master, from);
                    incarnation = response.LogIncarnation;
                }
                verify = false;
                if (response.Entries.IsEmpty)
                {
                    e.ApplyCommitted(response.CommitSeq);
                    continue;
                }
                var log = ShippedLog.Parse(response.Entries.ToByteArray(), from);
                var durable = e.ApplyShipped(log);
                // This log matches the master's up to its end: what the master knows committed of it is.
                e.ApplyCommitted(Math.Max(response.CommitSeq, log.MaxCommitPoint));
                if (response.SyncType == 2)
                    await durable.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RpcException or InvalidDataException or InvalidOperationException or IOException or ObjectDisposedException)
            {
                if (failures++ % 50 == 0)
                    logger.LogWarning("fetching the log from {Master} failed: {Error}", master, ex.Message);
                verify = true;
                try
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task CheckTermAsync(FetchLogResponse response, CancellationToken ct)
    {
        if (Terms is null)
            return;
        if (response.Term < Terms.Current)
            throw new InvalidOperationException($"master {master} writes in term {response.Term}, this UpdateServer knows term {Terms.Current}: its log is refused");
        await Terms.RaiseAsync(response.Term, ct).ConfigureAwait(false);
    }

    private Task<FetchLogResponse> FetchAsync(FetchLogRequest request, CancellationToken ct) =>
        clients.CallAsync(master, PacketCodes.UpsFetchLog, request, FetchLogResponse.Parser, Wait + TimeSpan.FromSeconds(3), ct);

    // Walks back (1, 2, 4… entries) from min(our end, master's end) to an entry both logs share,
    // then cuts everything after it: those entries were never acknowledged to anyone.
    private async Task ReconcileAsync(ulong ownLast, ulong masterSeq, CancellationToken ct)
    {
        var candidate = Math.Min(ownLast, masterSeq);
        ulong step = 1;
        while (candidate > 0)
        {
            var probe = new FetchLogRequest
            {
                Backup = self, FromSeq = candidate + 1, VerifyPrev = true,
                PrevCrc = CommitLogReader.EntryCrc(logDirectory, candidate) ?? 0, MaxBytes = 0, Term = Terms?.Current ?? 0,
            };
            if (!(await FetchAsync(probe, ct).ConfigureAwait(false)).Diverged)
                break;
            candidate = candidate > step ? candidate - step : 0;
            step *= 2;
        }
        logger.LogWarning("log diverges from master {Master} after seq {Seq} (ours ends at {Own}); truncating {Count} entries nobody acknowledged",
            master, candidate, ownLast, ownLast - candidate);
        await truncateAfter(candidate, ct).ConfigureAwait(false);
    }
}
