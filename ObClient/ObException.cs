using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using OceanClassic.ObClient.Protocol;

namespace OceanClassic.ObClient;

// ErrorCode is the MySQL error number (server errors) or a client error (2003, 2013, 2027).
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

    // https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html
    internal static ObException FromErrorPayload(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var code = reader.ReadUInt16();
        var state = "HY000";
        if (reader.Remaining >= 6 && payload[reader.Offset] == (byte)'#')
        {
            reader.ReadByte();
            state = Encoding.ASCII.GetString(reader.ReadBytes(5));
        }

        return new ObException(code, state, Encoding.UTF8.GetString(reader.ReadRemaining()));
    }

    [DoesNotReturn]
    internal static void ThrowProtocol(string message) =>
        throw new ObException(ClientProtocolError, "08S01", $"Malformed packet from the server: {message}");
}
