namespace OceanClassic.Common.Rpc;

// The peer broke the framing (bad magic, version, CRC, size); the connection cannot be trusted and is closed.
public sealed class RpcProtocolException : RpcException
{
    public RpcProtocolException(string message)
        : base(RpcErrorCodes.ProtocolError, message)
    {
    }
}
