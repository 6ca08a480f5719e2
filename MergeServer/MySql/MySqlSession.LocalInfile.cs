using System.Buffers;
using OceanClassic.Common.MySql;

namespace OceanClassic.MergeServer.MySql;

// LOAD DATA LOCAL INFILE on the wire: within the COM_QUERY exchange the server sends 0xFB + file name
// (continuing the packet sequence), the client sends the file in packets and an empty packet, and the
// statement's OK or ERR follows in the sequence after it. Only the first statement of a COM_QUERY may
// ask (no result of the query is pending then).
public sealed partial class MySqlSession
{
    private const byte LocalInfileRequest = 0xFB;

    public async ValueTask<byte[]?> ReadLocalFileAsync(string fileName, CancellationToken ct)
    {
        if ((_clientCapabilities & CapabilityFlags.LocalFiles) == 0)
        {
            return null;
        }

        var request = _writer.Begin();
        request.WriteByte(LocalInfileRequest);
        request.WriteString(fileName);
        _writer.End();
        await _writer.FlushAsync(ct);
        _reader.NextSequence = _writer.Sequence;
        var content = new ArrayBufferWriter<byte>();
        while (true)
        {
            if (!await _reader.ReadAsync(ct))
            {
                throw new IOException("the client closed the connection while sending a LOCAL INFILE file");
            }

            if (_reader.Payload.IsEmpty)
            {
                break;
            }

            content.Write(_reader.Payload.Span);
        }

        _writer.Sequence = _reader.NextSequence;
        return content.WrittenSpan.ToArray();
    }
}
