namespace OceanClassic.Common.Rpc;

// What a handler knows about the call. The token is canceled when the connection closes.
public sealed class RpcCallContext
{
    public RpcCallContext(CancellationToken cancellationToken, string remoteAddress, uint packetCode)
    {
        CancellationToken = cancellationToken;
        RemoteAddress = remoteAddress;
        PacketCode = packetCode;
    }

    public CancellationToken CancellationToken { get; }

    public string RemoteAddress { get; }

    public uint PacketCode { get; }
}
