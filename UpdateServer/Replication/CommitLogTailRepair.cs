using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Replication;

// A restarting UPS whose last log entry is corrupt (complete but failing its CRC, so it may have been
// acknowledged: CommitLogTailDamage) takes it from another UpdateServer instead of refusing to start,
// and never drops an entry that may have been acknowledged. It asks every other UPS the RootServer
// lists (the master first) for its own log from the entry before the damaged one (UpsReadLog):
//   - a peer whose entry seq-1 is ours (same payload CRC) and that holds entry seq: its entries from
//     seq on replace our tail (whole entries as the master wrote them; replay then checks the
//     MemTable checksum chain across the seam);
//   - the RootServer's master, when it is another UPS, that lacks entry seq or differs at seq-1:
//     entry seq was never acknowledged (a master holds every acknowledged write), so it is cut and
//     the log fetcher reconciles the rest as for any returning old master;
//   - anything else (no other UPS registered, peers that lag behind or do not answer, this UPS still
//     the RS's master): it keeps asking until `patience` runs out, then the start fails as before.
public sealed class CommitLogTailRepair(
    string self,
    Func<CancellationToken, Task<IReadOnlyList<ServerInfo>>> servers,
    Func<string, FetchLogRequest, CancellationToken, Task<FetchLogResponse>> readLog,
    ILogger logger)
{
    private const int MaxBytes = 4 << 20;
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);

    // Returns once the log holds no damaged tail any more; rethrows `damage` when no peer could help.
    public async Task RepairAsync(CommitLogCorruptException damage, string logDirectory, TimeSpan patience, CancellationToken ct)
    {
        var sequence = damage.TailSequence ?? throw damage;
        var ownPrevious = sequence > 1 ? CommitLogReader.EntryCrc(logDirectory, sequence - 1) : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<ServerInfo>? known = null;
            try
            {
                known = await servers(ct).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                logger.LogWarning("tail repair: the RootServer did not answer: {Error}", e.Message);
            }
            var peers = known?.Where(s => s.Role == ServerRole.UpdateServer && s.Address != self).OrderByDescending(s => s.IsUpsMaster).ToList();
            if (peers is { Count: 0 })
                throw damage; // a lone UpdateServer: nobody else can have the entry
            foreach (var peer in peers ?? [])
            {
                if (await TryPeerAsync(peer, damage, sequence, ownPrevious, ct).ConfigureAwait(false))
                    return;
            }
            if (clock.Elapsed >= patience)
                throw damage;
            await Task.Delay(Retry, ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryPeerAsync(ServerInfo peer, CommitLogCorruptException damage, ulong sequence, ulong? ownPrevious, CancellationToken ct)
    {
        var from = ownPrevious is not null ? sequence - 1 : sequence;
        FetchLogResponse response;
        try
        {
            response = await readLog(peer.Address, new FetchLogRequest { Backup = self, FromSeq = from, MaxBytes = MaxBytes }, ct).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            logger.LogWarning("tail repair: {Peer} did not answer: {Error}", peer.Address, e.Message);
            return false;
        }
        var log = response.Entries.IsEmpty || response.FirstSeq != from ? null : ShippedLog.Parse(response.Entries.ToByteArray(), from);
        var agrees = log is not null && (from == sequence || log.Entries[0].PayloadCrc == ownPrevious);
        if (agrees && log!.LastSequence >= sequence)
        {
            var skip = from == sequence ? 0 : CommitLogEntryHeader.Size + (int)PayloadLength(log.Bytes);
            ReplaceTail(damage.File, damage.Offset, log.Bytes.AsSpan(skip));
            logger.LogWarning("commit log {File}: the corrupt entry at offset {Offset} (log seq {Seq}) replaced, with what follows, by log seq {Seq}-{Last} from {Peer}",
                damage.File, damage.Offset, sequence, sequence, log.LastSequence, peer.Address);
            return true;
        }
        // Only the master's log proves that an entry was never acknowledged; a pruned log proves nothing.
        string why;
        if (!peer.IsUpsMaster)
            return false;
        if (response.MasterSeq < sequence)
            why = $"ends at log seq {response.MasterSeq}";
        else if (log is not null && !agrees)
            why = $"holds another entry {from}";
        else
            return false;
        ReplaceTail(damage.File, damage.Offset, []);
        logger.LogWarning("commit log {File}: cut the corrupt entry at offset {Offset} (log seq {Seq}): master {Peer} {Why}, so it was never acknowledged",
            damage.File, damage.Offset, sequence, peer.Address, why);
        return true;
    }

    private static uint PayloadLength(ReadOnlySpan<byte> entries) =>
        CommitLogEntryHeader.TryRead(entries, out var header) ? header.PayloadLength : throw new InvalidDataException("bad entry header");

    // The file holds exactly its entries before `offset`, then `entries`, durably.
    private static void ReplaceTail(string file, long offset, ReadOnlySpan<byte> entries)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0);
        stream.SetLength(offset);
        stream.Position = offset;
        stream.Write(entries);
        stream.Flush(flushToDisk: true);
    }
}
