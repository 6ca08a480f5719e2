using System.Collections.Concurrent;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Engine.Statements;

// AUTO_INCREMENT ids: the UPS hands out blocks (persisted in its log), each MergeServer spends its block
// locally. Ids are unique cluster-wide and increase per MergeServer, not globally (as 0.4 and MySQL with
// several writers). An explicit id at or past the local block's cursor drops the block, so ids handed
// out later come from a new block above that id (the statement carries it as AutoIncHighWater).
public sealed class AutoIncrementAllocator(IClusterGateway gateway, int blockSize)
{
    private readonly ConcurrentDictionary<ulong, Block> _blocks = new();

    public async ValueTask<ulong> NextAsync(ulong tableId, CancellationToken ct)
    {
        var block = _blocks.GetOrAdd(tableId, static _ => new Block());
        await block.Lock.WaitAsync(ct);
        try
        {
            if (block.Next >= block.End)
            {
                var response = await gateway.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = tableId, Count = (ulong)blockSize }, ct);
                block.Next = response.First;
                block.End = response.First + Math.Max(1, response.Count);
            }
            return block.Next++;
        }
        finally
        {
            block.Lock.Release();
        }
    }

    public void ObserveExplicit(ulong tableId, ulong value)
    {
        if (_blocks.TryGetValue(tableId, out var block) && value >= Volatile.Read(ref block.Next))
            Volatile.Write(ref block.End, 0);
    }

    public void Forget(ulong tableId) => _blocks.TryRemove(tableId, out _);

    private sealed class Block
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public ulong Next;
        public ulong End;
    }
}
