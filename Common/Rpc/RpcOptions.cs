namespace OceanClassic.Common.Rpc;

// Bound from the `Rpc` configuration section.
public sealed class RpcOptions
{
    public int MaxFrameBytes { get; set; } = 64 * 1024 * 1024;

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public int ConnectionsPerPeer { get; set; } = 1;

    // Dial a loopback server through its local Unix socket when it has one (RpcLocalSocket).
    public bool LocalSockets { get; set; } = true;
}
