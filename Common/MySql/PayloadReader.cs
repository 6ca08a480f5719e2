using System.Buffers.Binary;

namespace OceanClassic.Common.MySql;

// Forward-only reader over one packet payload; every read is bounds-checked and a short payload
// raises MySqlProtocolException.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html
public ref struct PayloadReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public readonly int Offset => _offset;

    public readonly int Remaining => _data.Length - _offset;

    public readonly bool IsAtEnd => _offset >= _data.Length;

    public byte ReadByte() => ReadBytes(1)[0];

    public readonly byte PeekByte()
    {
        if (IsAtEnd)
        {
            MySqlThrowHelper.ThrowTruncated(1, 0);
        }

        return _data[_offset];
    }

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt24()
    {
        var b = ReadBytes(3);
        return (uint)(b[0] | (b[1] << 8) | (b[2] << 16));
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xfb => first,
            0xfc => ReadUInt16(),
            0xfd => ReadUInt24(),
            0xfe => ReadUInt64(),
            _ => ThrowBadLengthPrefix(first),
        };
    }

    public ReadOnlySpan<byte> ReadLengthEncodedBytes()
    {
        var length = ReadLengthEncodedInteger();
        if (length > (ulong)Remaining)
        {
            MySqlThrowHelper.ThrowTruncated((int)Math.Min(length, int.MaxValue), Remaining);
        }

        return ReadBytes((int)length);
    }

    public ReadOnlySpan<byte> ReadNullTerminatedBytes()
    {
        var rest = _data[_offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            MySqlThrowHelper.ThrowMalformed("string is not NUL-terminated");
        }

        _offset += end + 1;
        return rest[..end];
    }

    // For fields some servers send without the NUL when they end the payload (e.g. the greeting's plugin name).
    public ReadOnlySpan<byte> ReadNullTerminatedOrRemainingBytes()
    {
        var rest = _data[_offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            _offset = _data.Length;
            return rest;
        }

        _offset += end + 1;
        return rest[..end];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            MySqlThrowHelper.ThrowTruncated(count, Remaining);
        }

        var slice = _data.Slice(_offset, count);
        _offset += count;
        return slice;
    }

    public ReadOnlySpan<byte> ReadRemaining() => ReadBytes(Remaining);

    public void Skip(int count) => ReadBytes(count);

    private static ulong ThrowBadLengthPrefix(byte first)
    {
        MySqlThrowHelper.ThrowMalformed($"invalid length-encoded integer prefix 0x{first:x2}");
        return 0;
    }
}
