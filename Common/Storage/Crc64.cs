using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OceanClassic.Common.Storage;

// CRC-64/XZ: ECMA-182 polynomial, reflected (0xC96C5795D7870F42), init and xorout all ones.
// Check value for "123456789" is 0x995DC9BBDF1939FA. Slicing-by-8: eight bytes per step.
public static class Crc64
{
    public const ulong Polynomial = 0xC96C5795D7870F42UL;

    // Eight 256-entry tables laid end to end: table k at [k * 256].
    private static readonly ulong[] Table = BuildTable();

    public static ulong Compute(ReadOnlySpan<byte> data) => Append(0, data);

    public static ulong Compute(in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            return Append(0, data.FirstSpan);
        }

        ulong crc = 0;
        foreach (var segment in data)
        {
            crc = Append(crc, segment.Span);
        }
        return crc;
    }

    // `crc` is a finished CRC (as returned by Compute), so Append(Compute(a), b) == Compute(a + b).
    public static ulong Append(ulong crc, ReadOnlySpan<byte> data)
    {
        ulong c = ~crc;
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(Table);
        while (data.Length >= 8)
        {
            c ^= BinaryPrimitives.ReadUInt64LittleEndian(data);
            c = Unsafe.Add(ref t, (7 * 256) + (int)(c & 0xFF))
                ^ Unsafe.Add(ref t, (6 * 256) + (int)((c >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, (5 * 256) + (int)((c >> 16) & 0xFF))
                ^ Unsafe.Add(ref t, (4 * 256) + (int)((c >> 24) & 0xFF))
                ^ Unsafe.Add(ref t, (3 * 256) + (int)((c >> 32) & 0xFF))
                ^ Unsafe.Add(ref t, (2 * 256) + (int)((c >> 40) & 0xFF))
                ^ Unsafe.Add(ref t, 256 + (int)((c >> 48) & 0xFF))
                ^ Unsafe.Add(ref t, (int)(c >> 56));
            data = data[8..];
        }
        foreach (byte b in data)
        {
            c = Unsafe.Add(ref t, (int)((c ^ b) & 0xFF)) ^ (c >> 8);
        }
        return ~c;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[8 * 256];
        for (int i = 0; i < 256; i++)
        {
            ulong c = (ulong)i;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }
            table[i] = c;
        }
        // Table k advances a byte that sits k positions before the end of an 8-byte word.
        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                ulong prev = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (prev >> 8) ^ table[(int)(prev & 0xFF)];
            }
        }
        return table;
    }
}
