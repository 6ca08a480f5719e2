using System.Diagnostics.CodeAnalysis;

namespace OceanClassic.MergeServer.MySql.Protocol;

public static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowMalformed(string message) => throw new MySqlProtocolException(message);

    [DoesNotReturn]
    public static void ThrowTruncated(int needed, int remaining) =>
        throw new MySqlProtocolException($"truncated payload: need {needed} bytes, {remaining} left");

    [DoesNotReturn]
    public static void ThrowClientGone() => throw new IOException("the client stopped reading");
}
