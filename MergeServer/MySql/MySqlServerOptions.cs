namespace OceanClassic.MergeServer.MySql;

// The MySQL listener's limits and identity (MsOptions' mysql_* keys, max_allowed_packet, max_connections,
// connect_timeout).

public sealed class MySqlServerOptions
{
    public string User { get; set; } = "root";

    public string Password { get; set; } = "";

    public string ServerVersion { get; set; } = "5.7.25-OceanClassic-0.4";

    // max_allowed_packet: the largest (reassembled) payload a client may send.
    public int MaxPacketBytes { get; set; } = 64 * 1024 * 1024;

    // Packets before login (the handshake response, an auth switch reply) are tiny: a stranger may not
    // make the server buffer more than this.
    public int PreLoginPacketBytes { get; set; } = 16 * 1024;

    // max_connections: one more client connection gets error 1040 instead of the greeting.
    public int MaxConnections { get; set; } = 10000;

    // connect_timeout: a connection that has not logged in by then is closed.
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // The clock connect_timeout runs on (tests move a fake one).
    public TimeProvider Time { get; set; } = TimeProvider.System;

    // net_read_timeout: how long the rest of a packet over max_allowed_packet is read (and discarded)
    // so the client, still sending it, can read error 1153.
    public TimeSpan NetReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // ssl_cert / ssl_key: with a certificate the listener offers TLS (CLIENT_SSL); without, nothing changes.
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; set; }

    // Result rows are flushed to the socket whenever this many bytes are buffered.
    public int StreamFlushBytes { get; set; } = 64 * 1024;
}
