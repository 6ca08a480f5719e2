using System.Data.Common;
using System.Net.Sockets;
using MySqlConnector;

namespace OceanClassic.ObClient.Errors;

// ErrorCode is the MySQL error number (server errors, with their SQLSTATE) or a client error: 2003 no
// MergeServer answered, 2013 the server went away during a command, 2027 the server sent a packet the
// driver could not read, 3024 the command timed out. Failures of the MySqlConnector session below are
// turned into these by their exception type, never by their message.
public sealed class ObException : DbException
{
    public const int CannotConnect = 2003;
    public const int ServerLost = 2013;
    public const int ClientProtocolError = 2027;

    public ObException()
    {
        SqlState = "HY000";
    }

    public ObException(string message)
        : base(message)
    {
        SqlState = "HY000";
    }

    public ObException(string message, Exception innerException)
        : base(message, innerException)
    {
        SqlState = "HY000";
    }

    public ObException(int errorCode, string sqlState, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
    }

    public override int ErrorCode { get; }

    public override string SqlState { get; }

    // A failure of the session below ObClient: the server's error, or the connection's. While a command
    // runs, the driver's FormatException or out-of-range index means it could not parse a packet.
    internal static bool IsDriverFailure(Exception e) =>
        e is MySqlException or MySqlProtocolException or IOException or SocketException || IsMalformedPacket(e);

    private static bool IsMalformedPacket(Exception e) =>
        e is MySqlProtocolException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException;

    // At open: the server never answered as a MySQL server would (refused, timed out, hung up, garbled),
    // so another MergeServer may; a server's own error (1045, 1049) is an answer.
    internal static bool IsNoAnswer(Exception e) =>
        e is MySqlException { SqlState: null } or MySqlProtocolException or IOException or SocketException;

    internal static string DescribeNoAnswer(Exception e) =>
        Chain(e).Any(x => x is EndOfStreamException) ? "the server closed the connection" : e.Message;

    internal static ObException FromDriver(Exception e) => e switch
    {
        MySqlException { SqlState: { } state } server => new ObException(server.Number, state, server.Message, server),
        _ when Chain(e).FirstOrDefault(IsMalformedPacket) is { } malformed =>
            new ObException(ClientProtocolError, "08S01", $"Malformed packet from the server: {malformed.Message}", e),
        _ => new ObException(ServerLost, "HY000",
            Chain(e).Any(x => x is EndOfStreamException) ? "The server closed the connection." : $"Lost connection to the server: {e.Message}", e),
    };

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            yield return x;
    }
}
