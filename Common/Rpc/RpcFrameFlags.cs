namespace OceanClassic.Common.Rpc;

[Flags]
public enum RpcFrameFlags : ushort
{
    None = 0,
    Response = 1 << 0,
    Error = 1 << 1,
}
