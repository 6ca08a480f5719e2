using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.ChunkServer.Scan;

// Asks the UpdateServer master, whose address the RootServer sends in every heartbeat reply.
public sealed class UpsIncrementSource(RpcClientPool clients) : IIncrementSource
{
    private volatile string? _master;

    public string? MasterAddress
    {
        get => _master;
        set => _master = string.IsNullOrEmpty(value) ? null : value;
    }

    public Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct)
    {
        var master = _master ?? throw new RpcException(WireErrorCodes.NoUpdateServerMaster, "no UpdateServer master known");
        return clients.CallAsync(master, PacketCodes.UpsScanIncrement, request, ScanIncrementResponse.Parser, cancellationToken: ct);
    }
}
