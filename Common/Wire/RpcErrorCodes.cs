namespace OceanClassic.Common.Rpc;

// Negative codes belong to the RPC framework; positive ones are MySQL error codes raised by handlers
// and passed through unchanged to MySQL clients.
public static class RpcErrorCodes
{
    public const int Internal = -4000;
    public const int UnknownPacket = -4001;
    public const int ProtocolError = -4002;
    public const int Canceled = -4003;
    public const int Timeout = -4012;
    public const int ConnectionFailed = -4013;
    // A RootServer that is the backup of its pair (or still deciding): callers try the other address.
    public const int NotPrimary = -4014;
}
