using System.Collections.Concurrent;
using OceanClassic.Common.Protos;

namespace OceanClassic.MergeServer.Engine.Cluster;

// AUTO_INCREMENT ids: the UPS hands out blocks (persisted in its log), each MergeServer spends its block
// locally. Ids are unique cluster-wide and increase per MergeServer, not globally (as 0.4 and MySQL with
// several writers). An explicit id at or past the local cursor moves the cursor above it (the statement
// also carries it to the UPS as AutoIncHighWater, so blocks handed out later start above it).
// The next block is fetched in the background once half of the current one is spent: a refill is a
// logged UPS write, and inserts that waited for it stalled every session inserting into the table.
public sealed class AutoIncrementAllocator(MutationWriter writer, int blockSize)
{
    private readonly ConcurrentDictionary<ulong, Block> _blocks = new();

    // Ids from the local block are handed out under a short lock without awaiting anything: sessions
    // running on the socket threads must not queue behind each other through a semaphore's thread-pool
    // hand-off. Only a refill with no block fetched ahead waits, one per table at a time.
    public ValueTask<ulong> NextAsync(ulong tableId, CancellationToken ct)
    {
        var block = _blocks.GetOrAdd(tableId, static _ => new Block());
        ulong id;
        bool prefetch;
        lock (block.Gate)
        {
            if (!block.TryTake(out id))
                return RefillAsync(tableId, block, ct);
            prefetch = block.ShouldPrefetch(blockSize);
        }
        if (prefetch && PrefetchAsync(tableId, block) is { IsCompleted: false } ahead)
            Volatile.Write(ref block.Prefetch, ahead);
        return ValueTask.FromResult(id);
    }

    // The id this MergeServer hands out next for the table, null before it holds a block (SHOW TABLE STATUS).
    public ulong? PeekNext(ulong tableId)
    {
        if (!_blocks.TryGetValue(tableId, out var block))
            return null;
        lock (block.Gate)
            return block.Next < block.End ? block.Next : block.SpareNext < block.SpareEnd ? block.SpareNext : null;
    }

    private async ValueTask<ulong> RefillAsync(ulong tableId, Block block, CancellationToken ct)
    {
        await block.Refill.WaitAsync(ct);
        try
        {
            // A fetch ahead already on its way is what this refill would do.
            if (Volatile.Read(ref block.Prefetch) is { } ahead)
                await ahead.WaitAsync(ct);
            ulong epoch;
            lock (block.Gate)
            {
                if (block.TryTake(out var id))
                    return id;
                epoch = block.Epoch;
            }
            var response = await writer.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = tableId, Count = (ulong)blockSize }, ct);
            lock (block.Gate)
            {
                block.Install(response.First, response.Count, epoch);
                if (block.TryTake(out var id))
                    return id;
            }
        }
        finally
        {
            block.Refill.Release();
        }
        // The whole block lay below an explicit id seen while it was on its way; the next one is asked
        // for after that id went to the UPS, so it starts above it.
        return await RefillAsync(tableId, block, ct);
    }

    // Never throws: a failed fetch ahead leaves the refill to the insert that runs out.
    private async Task PrefetchAsync(ulong tableId, Block block)
    {
        try
        {
            ulong epoch;
            lock (block.Gate)
                epoch = block.Epoch;
            var response = await writer.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = tableId, Count = (ulong)blockSize }, CancellationToken.None);
            lock (block.Gate)
                block.Install(response.First, response.Count, epoch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong, the refill that follows meets it again and reports it to its insert.
        }
        finally
        {
            lock (block.Gate)
                block.Prefetching = false;
            Volatile.Write(ref block.Prefetch, null);
        }
    }

    public void ObserveExplicit(ulong tableId, ulong value)
    {
        if (!_blocks.TryGetValue(tableId, out var block))
            return;
        lock (block.Gate)
            block.RaiseFloor(value + 1);
    }

    public void Forget(ulong tableId) => _blocks.TryRemove(tableId, out _);

    // The block being spent [Next, End) and the one fetched ahead [SpareNext, SpareEnd). Floor is one
    // past the largest explicit id seen; Epoch counts those sightings. A block asked for before the
    // latest sighting may predate that id at the UPS, so ids below Floor are cut from it; one asked for
    // later is taken as it is (the UPS had the id by then, or the statement with it failed).
    private sealed class Block
    {
        public readonly Lock Gate = new();
        public readonly SemaphoreSlim Refill = new(1, 1);
        public Task? Prefetch;
        public bool Prefetching;
        public ulong Next;
        public ulong End;
        public ulong SpareNext;
        public ulong SpareEnd;
        public ulong Floor;
        public ulong Epoch;

        public bool TryTake(out ulong id)
        {
            if (Next >= End && SpareNext < SpareEnd)
            {
                (Next, End) = (SpareNext, SpareEnd);
                SpareNext = SpareEnd = 0;
            }
            if (Next < End)
            {
                id = Next++;
                return true;
            }
            id = 0;
            return false;
        }

        public bool ShouldPrefetch(int blockSize)
        {
            if (Prefetching || SpareNext < SpareEnd || End - Next > (ulong)blockSize / 2)
                return false;
            Prefetching = true;
            return true;
        }

        public void Install(ulong first, ulong count, ulong requestedAtEpoch)
        {
            var start = requestedAtEpoch == Epoch ? first : Math.Max(first, Floor);
            var end = first + Math.Max(1, count);
            if (start >= end)
                return;
            if (Next >= End)
                (Next, End) = (start, end);
            else
                (SpareNext, SpareEnd) = (start, end);
        }

        public void RaiseFloor(ulong floor)
        {
            Epoch++;
            Floor = Math.Max(Floor, floor);
            Next = Math.Max(Next, Floor);
            SpareNext = Math.Max(SpareNext, Floor);
        }
    }
}
