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

    public override string ToString() => $"RpcException({Code}): {base.ToString()}";
}
