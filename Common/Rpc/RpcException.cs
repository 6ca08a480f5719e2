namespace OceanClassic.Common.Rpc;

// A failed call: Code is the handler's error code (positive: MySQL's or WireErrorCodes') or the RPC
// framework's (negative: RpcErrorCodes). MayHaveReachedPeer says whether the request may have reached
// the peer, so whether a write may have been applied there: false only when it certainly was not sent
// (the connection could not be made, or was closed before the request was queued); a caller decides a
// resend by this field, never by the message.
public class RpcException : Exception
{
    public RpcException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public RpcException(int code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    public int Code { get; }

    // 1-based item of a multi-item request the error is about (RpcError.item); 0 = none.
    public int Item { get; init; }

    public bool MayHaveReachedPeer { get; init; } = true;

    public override string ToString() => $"RpcException({Code}): {base.ToString()}";
}
