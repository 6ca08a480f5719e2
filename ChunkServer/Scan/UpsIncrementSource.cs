using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.ChunkServer.Scan;

// Asks the UpdateServer master, whose address the RootServer sends in every heartbeat reply. A UPS
// that says it is not (or no longer) the master (6100) is asked again once a heartbeat names another
// one; if none does in time, the read is refused as not served here (6001), which the MergeServer
// retries on another replica or after reloading the locations.
public sealed class UpsIncrementSource(RpcClientPool clients) : IIncrementSource
{
    private static readonly TimeSpan MasterChangeWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MasterChangePoll = TimeSpan.FromMilliseconds(20);

    private volatile string? _master;

    public string? MasterAddress
    {
        get => _master;
        set => _master = string.IsNullOrEmpty(value) ? null : value;
    }

    public async Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct)
    {
        var master = _master ?? throw new RpcException(WireErrorCodes.NoUpdateServerMaster, "no UpdateServer master known");
        try
        {
            return await clients.CallAsync(master, PacketCodes.UpsScanIncrement, request, ScanIncrementResponse.Parser, cancellationToken: ct)
                .ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == WireErrorCodes.NotMaster)
        {
            var waited = TimeSpan.Zero;
            while (_master == master && waited < MasterChangeWait)
            {
                await Task.Delay(MasterChangePoll, ct).ConfigureAwait(false);
                waited += MasterChangePoll;
            }
            var next = _master;
            if (next is null || next == master)
                throw new RpcException(WireErrorCodes.TabletNotServedHere, $"the UpdateServer this ChunkServer knows as master ({master}) is not the master", e);
            return await clients.CallAsync(next, PacketCodes.UpsScanIncrement, request, ScanIncrementResponse.Parser, cancellationToken: ct)
                .ConfigureAwait(false);
        }
    }
}
