using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Differential.Tests.TextProtocol;

// The raw session's failures as ObExceptions: the server's ERR packet (its code and SQLSTATE), or 2027
// for a packet that cannot be read.
internal static class RawErrors
{
    public static ObException FromErrorPayload(ReadOnlySpan<byte> payload)
    {
        try
        {
            var error = ErrorPayload.Create(payload);
            return new ObException(error.Code, error.SqlState, error.Message);
        }
        catch (MySqlProtocolException ex)
        {
            return Protocol(ex);
        }
    }

    public static ObException Protocol(MySqlProtocolException ex) =>
        new(ObException.ClientProtocolError, "08S01", $"Malformed packet from the server: {ex.Message}", ex);

    public static ObException Protocol(string message) =>
        new(ObException.ClientProtocolError, "08S01", $"Malformed packet from the server: {message}");
}
