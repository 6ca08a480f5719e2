using System.Buffers;
using System.Text;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html
public readonly record struct ErrorPayload(int Code, string SqlState, string Message)
{
    public const string DefaultSqlState = "HY000";

    public static void Write(IBufferWriter<byte> writer, int code, string sqlState, string message)
    {
        writer.WriteByte(0xff);
        writer.WriteUInt16((ushort)code);
        writer.WriteByte((byte)'#');
        var state = sqlState.Length == 5 ? sqlState : DefaultSqlState;
        writer.WriteString(state);
        writer.WriteString(message);
    }

    // An error sent before the handshake (1040 "Too many connections" in place of the greeting): no
    // capabilities are agreed yet, so MariaDB leaves out the '#' + SQLSTATE marker.
    public static void WriteWithoutState(IBufferWriter<byte> writer, int code, string message)
    {
        writer.WriteByte(0xff);
        writer.WriteUInt16((ushort)code);
        writer.WriteString(message);
    }

    // The '#' + SQLSTATE marker is optional on the wire (absent before protocol 4.1).
    public static ErrorPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var code = reader.ReadUInt16();
        var state = DefaultSqlState;
        if (reader.Remaining >= 6 && reader.PeekByte() == (byte)'#')
        {
            reader.ReadByte();
            state = Encoding.ASCII.GetString(reader.ReadBytes(5));
        }

        return new ErrorPayload(code, state, Encoding.UTF8.GetString(reader.ReadRemaining()));
    }
}
