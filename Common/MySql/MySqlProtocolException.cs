namespace OceanClassic.Common.MySql;

// The peer broke the wire protocol; the connection is closed (server) or marked broken (client).
public sealed class MySqlProtocolException : Exception
{
    public MySqlProtocolException()
    {
    }

    public MySqlProtocolException(string message)
        : base(message)
    {
    }

    public MySqlProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    // The stream ended in the middle of a packet: the peer went away rather than sending garbage.
    public bool EndedInsidePacket { get; init; }

    // A packet declared more bytes than the reader's limit (max_allowed_packet); nothing of it was kept.
    public bool PacketTooLarge { get; init; }
}
