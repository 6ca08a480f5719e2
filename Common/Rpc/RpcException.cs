namespace OceanClassic.Common.Rpc;

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

    public override string ToString() => $"RpcException({Code}): {base.ToString()}";
}
