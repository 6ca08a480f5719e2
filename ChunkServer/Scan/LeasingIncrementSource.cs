using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.Scan;

// The UpdateServer calls of tablet reads, asking for an increment lease on the way (IncrementLeaseCache):
// a read outside a transaction names this ChunkServer as the holder when the cache wants a lease on the
// table, and the answer's lease is installed, counted from before the request was sent.
public sealed class LeasingIncrementSource(IIncrementSource inner, IncrementLeaseCache leases, string holder) : IIncrementSource
{
    public async Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct)
    {
        if (request.TxId != 0 || !leases.TryBeginAsking(request.TableId, out var revocations))
            return await inner.ScanAsync(request, ct).ConfigureAwait(false);
        request.LeaseHolder = holder;
        var sentAt = leases.Now;
        ScanIncrementResponse? response = null;
        try
        {
            response = await inner.ScanAsync(request, ct).ConfigureAwait(false);
            return response;
        }
        finally
        {
            leases.Complete(request.TableId, revocations, sentAt, response);
        }
    }
}
