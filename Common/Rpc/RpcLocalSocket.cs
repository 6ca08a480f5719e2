using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OceanClassic.Common.Rpc;

// A server whose RPC port is on a loopback address also listens on a Unix socket named after that
// address, and a client dialing a loopback address tries that socket first (falling back to TCP
// when nobody listens there). Same host either way; a Unix socket skips the TCP/IP stack, which
// on a small host costs more than the request itself (sysbench oltp_insert: one MergeServer ->
// UpdateServer call per insert). Linux abstract names: no file to clean up, gone with the process.
public static class RpcLocalSocket
{
    public static bool TryGetEndPoint(string host, int port, out UnixDomainSocketEndPoint endPoint)
    {
        endPoint = null!;
        if (!OperatingSystem.IsLinux() || !IPAddress.TryParse(host, out var ip) || !IPAddress.IsLoopback(ip))
            return false;
        endPoint = new UnixDomainSocketEndPoint(string.Create(CultureInfo.InvariantCulture, $"\0oceanclassic-rpc-{ip}:{port}"));
        return true;
    }

    // The local socket of a listener on `listen`:`port`, if that name is free (a listener of another
    // process on the same address would own the TCP port too, but a clash must not stop the role).
    public static UnixDomainSocketEndPoint? ForListener(string listen, int port)
    {
        if (!TryGetEndPoint(listen, port, out var endPoint))
            return null;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Bind(endPoint);
            return endPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    // A connected Unix socket to the server at host:port, or null when it has none.
    public static async Task<Socket?> TryConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (!TryGetEndPoint(host, port, out var endPoint))
            return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
