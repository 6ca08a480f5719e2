using System.Buffers;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html
public static class ColumnCountPayload
{
    public static void Write(IBufferWriter<byte> writer, int columnCount) =>
        writer.WriteLengthEncodedInteger((ulong)columnCount);

    public static int Read(ReadOnlySpan<byte> payload) =>
        checked((int)new PayloadReader(payload).ReadLengthEncodedInteger());
}
