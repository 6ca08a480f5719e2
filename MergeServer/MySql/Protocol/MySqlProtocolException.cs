namespace OceanClassic.MergeServer.MySql.Protocol;

// A client broke the wire protocol; the session closes that one connection.
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
}
