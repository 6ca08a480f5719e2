using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OceanClassic.Common.Storage;

// CRC-64/XZ: ECMA-182 polynomial, reflected (0xC96C5795D7870F42), init and xorout all ones.
// Check value for "123456789" is 0x995DC9BBDF1939FA.
// Long inputs are folded 64 bytes at a time with carry-less multiplication (PCLMULQDQ, as in Intel's
// "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ"); the rest goes through a
// slicing-by-8 table, which is also the fallback on CPUs without the instruction.
public static class Crc64
{
    public const ulong Polynomial = 0xC96C5795D7870F42UL;

    // The same polynomial in normal bit order (x^64 implicit), used to derive the folding constants.
    private const ulong NormalPolynomial = 0x42F0E1EBA9EA3693UL;

    private const int FoldThreshold = 128;

    // Eight 256-entry tables laid end to end: table k at [k * 256].
    private static readonly ulong[] Table = BuildTable();

    // Folding a 128-bit block (first 8 bytes H, last 8 bytes L) forward by d bits multiplies H by
    // x^(d+64) and L by x^d; a reflected carry-less product carries one extra factor x, hence the -1.
    private static readonly Vector128<ulong> FoldBy512 = Vector128.Create(XPowModP(512 + 63), XPowModP(511));
    private static readonly Vector128<ulong> FoldBy128 = Vector128.Create(XPowModP(128 + 63), XPowModP(127));

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
        ulong state = ~crc;
        if (data.Length >= FoldThreshold && Pclmulqdq.IsSupported)
        {
            state = Fold(state, ref data);
        }
        return ~AppendTable(state, data);
    }

    // Consumes all whole 16-byte blocks of `data` and returns the raw (un-inverted) state after them.
    private static ulong Fold(ulong state, ref ReadOnlySpan<byte> data)
    {
        // Starting from state s equals starting from 0 with s XORed into the first 8 bytes.
        var x0 = Load(data, 0) ^ Vector128.CreateScalar(state);
        var x1 = Load(data, 16);
        var x2 = Load(data, 32);
        var x3 = Load(data, 48);
        data = data[64..];
        // Four independent lanes hide the multiplier's latency.
        while (data.Length >= 64)
        {
            x0 = FoldBlock(x0, FoldBy512) ^ Load(data, 0);
            x1 = FoldBlock(x1, FoldBy512) ^ Load(data, 16);
            x2 = FoldBlock(x2, FoldBy512) ^ Load(data, 32);
            x3 = FoldBlock(x3, FoldBy512) ^ Load(data, 48);
            data = data[64..];
        }
        x1 ^= FoldBlock(x0, FoldBy128);
        x2 ^= FoldBlock(x1, FoldBy128);
        x3 ^= FoldBlock(x2, FoldBy128);
        while (data.Length >= 16)
        {
            x3 = FoldBlock(x3, FoldBy128) ^ Load(data, 0);
            data = data[16..];
        }
        // The remaining 128 bits are congruent to everything folded so far: finish them as data.
        Span<byte> rest = stackalloc byte[16];
        x3.AsByte().CopyTo(rest);
        return AppendTable(0, rest);
    }

    private static Vector128<ulong> Load(ReadOnlySpan<byte> data, int offset) =>
        Vector128.Create<byte>(data.Slice(offset, 16)).AsUInt64();

    private static Vector128<ulong> FoldBlock(Vector128<ulong> x, Vector128<ulong> k) =>
        Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11);

    private static ulong AppendTable(ulong c, ReadOnlySpan<byte> data)
    {
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
        return c;
    }

    // x^n mod P, returned bit-reflected (bit i holds the coefficient of x^(63-i)).
    private static ulong XPowModP(int n)
    {
        ulong r = 1;
        for (int i = 0; i < n; i++)
        {
            r = (r & (1UL << 63)) != 0 ? (r << 1) ^ NormalPolynomial : r << 1;
        }
        ulong reflected = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            reflected |= ((r >> bit) & 1) << (63 - bit);
        }
        return reflected;
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
