namespace OceanClassic.Common.Rpc;

// Bound from the `Rpc` configuration section.
public sealed class RpcOptions
{
    public int MaxFrameBytes { get; set; } = 64 * 1024 * 1024;

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public int ConnectionsPerPeer { get; set; } = 1;

    // With more than one connection per peer: a call prefers a connection whose replies the calling
    // thread reads (RpcPeer.Next). For roles with inline socket I/O (RoleHost), where that thread is the
    // socket thread the reply's continuation will run on.
    public bool ThreadAffinity { get; set; }

    // Dial a loopback server through its local Unix socket when it has one (RpcLocalSocket).
    public bool LocalSockets { get; set; } = true;

    // The key both ends of every connection prove they hold (RpcHandshake); empty when the cluster has
    // no secret (roles on loopback addresses only).
    public byte[] ClusterSecret { get; set; } = [];

    // How long an accepted connection has to complete the handshake (a server setting).
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // Connections a server accepts at once from one peer address (all local Unix-socket peers count as
    // one); more are closed at once (rpc_max_connections_per_peer).
    public int MaxConnectionsPerPeer { get; set; } = 256;
}
