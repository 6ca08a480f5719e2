namespace OceanClassic.MergeServer.MySql;

public sealed class MySqlServerOptions
{
    public string User { get; set; } = "root";

    public string Password { get; set; } = "";

    public string ServerVersion { get; set; } = "5.7.25-OceanClassic-0.4";

    // max_allowed_packet: the largest (reassembled) payload a client may send.
    public int MaxPacketBytes { get; set; } = 64 * 1024 * 1024;

    // Result rows are flushed to the socket whenever this many bytes are buffered.
    public int StreamFlushBytes { get; set; } = 64 * 1024;
}
