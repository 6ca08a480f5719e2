using System.Diagnostics.CodeAnalysis;

namespace OceanClassic.Common.MySql;

public static class MySqlThrowHelper
{
    [DoesNotReturn]
    public static void ThrowMalformed(string message) => throw new MySqlProtocolException(message);

    [DoesNotReturn]
    public static void ThrowTruncated(int needed, int remaining) =>
        throw new MySqlProtocolException($"truncated payload: need {needed} bytes, {remaining} left");

    [DoesNotReturn]
    public static void ThrowEndedInsidePacket(long pendingBytes) =>
        throw new MySqlProtocolException($"connection ended inside a packet ({pendingBytes} bytes pending)") { EndedInsidePacket = true };

    [DoesNotReturn]
    public static void ThrowPacketTooLarge(long declaredBytes, long maxBytes) =>
        throw new MySqlProtocolException($"packet of {declaredBytes} bytes exceeds max_allowed_packet {maxBytes}") { PacketTooLarge = true };

    [DoesNotReturn]
    public static void ThrowPeerGone() => throw new IOException("the peer stopped reading");
}
