using System.Buffers;

namespace OceanClassic.MergeServer.MySql.Protocol.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_row.html
public static class TextRowPayload
{
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteByte(0xfb);
            }
            else
            {
                writer.WriteLengthEncodedString(value);
            }
        }
    }
}
