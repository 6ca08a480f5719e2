using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;

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

    internal static ObException FromErrorPayload(ReadOnlySpan<byte> payload)
    {
        try
        {
            var error = ErrorPayload.Create(payload);
            return new ObException(error.Code, error.SqlState, error.Message);
        }
        catch (MySqlProtocolException ex)
        {
            return FromProtocolError(ex);
        }
    }

    internal static ObException FromProtocolError(MySqlProtocolException ex) =>
        new(ClientProtocolError, "08S01", $"Malformed packet from the server: {ex.Message}", ex);

    [DoesNotReturn]
    internal static void ThrowProtocol(string message) =>
        throw new ObException(ClientProtocolError, "08S01", $"Malformed packet from the server: {message}");
}
