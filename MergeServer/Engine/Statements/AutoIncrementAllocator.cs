using System.Collections.Concurrent;
using OceanClassic.Common.Protos;

namespace OceanClassic.MergeServer.Engine.Statements;

// AUTO_INCREMENT ids: the UPS hands out blocks (persisted in its log), each MergeServer spends its block
// locally. Ids are unique cluster-wide and increase per MergeServer, not globally (as 0.4 and MySQL with
// several writers). An explicit id at or past the local block's cursor drops the block, so ids handed
// out later come from a new block above that id (the statement carries it as AutoIncHighWater).
public sealed class AutoIncrementAllocator(MutationWriter writer, int blockSize)
{
    private readonly ConcurrentDictionary<ulong, Block> _blocks = new();

    // Ids from the local block are handed out under a short lock without awaiting anything: sessions
    // running on the socket threads must not queue behind each other through a semaphore's thread-pool
    // hand-off. Only a refill waits, one per table at a time.
    public ValueTask<ulong> NextAsync(ulong tableId, CancellationToken ct)
    {
        var block = _blocks.GetOrAdd(tableId, static _ => new Block());
        lock (block.Gate)
        {
            if (block.Next < block.End)
                return ValueTask.FromResult(block.Next++);
        }
        return RefillAsync(tableId, block, ct);
    }

    private async ValueTask<ulong> RefillAsync(ulong tableId, Block block, CancellationToken ct)
    {
        await block.Refill.WaitAsync(ct);
        try
        {
            lock (block.Gate)
            {
                if (block.Next < block.End)
                    return block.Next++;
            }
            var response = await writer.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = tableId, Count = (ulong)blockSize }, ct);
            lock (block.Gate)
            {
                block.Next = response.First;
                block.End = response.First + Math.Max(1, response.Count);
                return block.Next++;
            }
        }
        finally
        {
            block.Refill.Release();
        }
    }

    public void ObserveExplicit(ulong tableId, ulong value)
    {
        if (!_blocks.TryGetValue(tableId, out var block))
            return;
        lock (block.Gate)
        {
            if (value >= block.Next)
                block.End = 0;
        }
    }

    public void Forget(ulong tableId) => _blocks.TryRemove(tableId, out _);

    private sealed class Block
    {
        public readonly Lock Gate = new();
        public readonly SemaphoreSlim Refill = new(1, 1);
        public ulong Next;
        public ulong End;
    }
}
