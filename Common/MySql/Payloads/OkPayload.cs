using System.Buffers;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html
// With CLIENT_DEPRECATE_EOF the result-set terminator is an OK packet with header 0xFE.
// The info text is length-encoded: the spec says string<EOF> without CLIENT_SESSION_TRACK, but real
// servers send (and libmariadb's mysql client reads) a length-encoded string either way.
public readonly record struct OkPayload(ulong AffectedRows, ulong LastInsertId, ServerStatus Status, ushort Warnings)
{
    public bool MoreResults => (Status & ServerStatus.MoreResultsExist) != 0;

    public static void Write(
        IBufferWriter<byte> writer,
        ulong affectedRows,
        ulong lastInsertId,
        ServerStatus status,
        ushort warnings = 0,
        string? info = null,
        bool asEof = false)
    {
        writer.WriteByte(asEof ? (byte)0xfe : (byte)0x00);
        writer.WriteLengthEncodedInteger(affectedRows);
        writer.WriteLengthEncodedInteger(lastInsertId);
        writer.WriteUInt16((ushort)status);
        writer.WriteUInt16(warnings);
        if (!string.IsNullOrEmpty(info))
        {
            writer.WriteLengthEncodedString(info);
        }
    }

    // The info text is not read: the client has no use for it.
    public static OkPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var affected = reader.ReadLengthEncodedInteger();
        var lastInsertId = reader.ReadLengthEncodedInteger();
        var status = (ServerStatus)reader.ReadUInt16();
        var warnings = reader.ReadUInt16();
        return new OkPayload(affected, lastInsertId, status, warnings);
    }
}
