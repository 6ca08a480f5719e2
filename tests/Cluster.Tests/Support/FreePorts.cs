using System.Net;
using System.Net.Sockets;

namespace OceanClassic.Cluster.Tests.Support;

internal static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    // A port the OS says is free now, never handed out twice by this process.
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Handed)
            {
                if (Handed.Add(port))
                    return port;
            }
        }
    }
}
