using System.Buffers;

namespace OceanClassic.Common.MySql.Payloads;

// The first packet of a COM_STMT_PREPARE response; the parameter and column definitions follow.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html
public readonly record struct StatementPrepareOkPayload(uint StatementId, int ColumnCount, int ParameterCount, ushort Warnings)
{
    public static void Write(IBufferWriter<byte> writer, uint statementId, int columnCount, int parameterCount, ushort warnings = 0)
    {
        writer.WriteByte(0x00);
        writer.WriteUInt32(statementId);
        writer.WriteUInt16(checked((ushort)columnCount));
        writer.WriteUInt16(checked((ushort)parameterCount));
        writer.WriteByte(0x00);
        writer.WriteUInt16(warnings);
    }

    public static StatementPrepareOkPayload Read(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.ReadByte() != 0x00)
        {
            MySqlThrowHelper.ThrowMalformed("COM_STMT_PREPARE response does not start with 0x00");
        }

        var id = reader.ReadUInt32();
        var columns = reader.ReadUInt16();
        var parameters = reader.ReadUInt16();
        reader.Skip(1);
        var warnings = reader.Remaining >= 2 ? reader.ReadUInt16() : (ushort)0;
        return new StatementPrepareOkPayload(id, columns, parameters, warnings);
    }
}
