using System.Diagnostics.CodeAnalysis;

namespace OceanClassic.Common.Rpc;

// Throws live out of line so the hot parse/write paths stay small enough to inline.
internal static class RpcThrowHelper
{
    [DoesNotReturn]
    public static void ThrowProtocol(string reason) => throw new RpcProtocolException(reason);

    [DoesNotReturn]
    public static void ThrowConnectionFailed(string message, Exception? inner = null) =>
        throw new RpcException(RpcErrorCodes.ConnectionFailed, message, inner);

    [DoesNotReturn]
    public static void ThrowBodyTooLarge(int size, int max) =>
        throw new RpcException(RpcErrorCodes.ProtocolError, $"message of {size} bytes exceeds the maximum frame body {max}");
}
