using System.Buffers;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_row.html
public static class TextRowPayload
{
    private const byte NullValue = 0xfb;

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteByte(NullValue);
            }
            else
            {
                writer.WriteLengthEncodedString(value);
            }
        }
    }

    // Locates each value inside the payload without copying it; a NULL gets length -1.
    public static void Read(ReadOnlySpan<byte> payload, Span<int> offsets, Span<int> lengths)
    {
        var reader = new PayloadReader(payload);
        for (var i = 0; i < lengths.Length; i++)
        {
            if (!reader.IsAtEnd && reader.PeekByte() == NullValue)
            {
                reader.Skip(1);
                lengths[i] = -1;
                continue;
            }

            var value = reader.ReadLengthEncodedBytes();
            offsets[i] = reader.Offset - value.Length;
            lengths[i] = value.Length;
        }
    }
}
