using System.Buffers.Binary;

namespace OceanClassic.ObClient.Protocol;

// Forward-only, bounds-checked reader over one server payload.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html
internal ref struct PayloadReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public readonly int Offset => _offset;

    public readonly int Remaining => _data.Length - _offset;

    public readonly bool IsAtEnd => _offset >= _data.Length;

    public byte ReadByte() => ReadBytes(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        switch (first)
        {
            case < 0xfb:
                return first;
            case 0xfc:
                return ReadUInt16();
            case 0xfd:
                var b = ReadBytes(3);
                return (ulong)(b[0] | (b[1] << 8) | (b[2] << 16));
            case 0xfe:
                return BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));
            default:
                ObException.ThrowProtocol($"invalid length-encoded integer prefix 0x{first:x2}");
                return 0;
        }
    }

    public ReadOnlySpan<byte> ReadLengthEncodedBytes()
    {
        var length = ReadLengthEncodedInteger();
        if (length > (ulong)Remaining)
        {
            ObException.ThrowProtocol("length-encoded string runs past the end of the packet");
        }

        return ReadBytes((int)length);
    }

    public ReadOnlySpan<byte> ReadNullTerminatedBytes()
    {
        var rest = _data[_offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            end = rest.Length;
            _offset += end;
            return rest;
        }

        _offset += end + 1;
        return rest[..end];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            ObException.ThrowProtocol($"truncated packet: need {count} bytes, {Remaining} left");
        }

        var slice = _data.Slice(_offset, count);
        _offset += count;
        return slice;
    }

    public ReadOnlySpan<byte> ReadRemaining() => ReadBytes(Remaining);

    public void Skip(int count) => ReadBytes(count);
}
