using System.Buffers.Binary;
using System.Numerics;

namespace OceanClassic.Common.Storage;

// A stable 64-bit hash of a rowkey (persisted in bloom filters, so it must never change):
// 8-byte lanes mixed multiply-rotate style, finished with the splitmix64 avalanche.
public static class KeyHash
{
    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;

    public static ulong Hash64(ReadOnlySpan<byte> key)
    {
        var h = P2 ^ ((ulong)key.Length * P1);
        while (key.Length >= 8)
        {
            h ^= BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64LittleEndian(key) * P2, 31) * P1;
            h = (BitOperations.RotateLeft(h, 27) * P1) + 0x52DCE729;
            key = key[8..];
        }
        if (key.Length > 0)
        {
            ulong tail = 0;
            for (var i = key.Length - 1; i >= 0; i--)
                tail = (tail << 8) | key[i];
            h ^= BitOperations.RotateLeft(tail * P2, 31) * P1;
            h = BitOperations.RotateLeft(h, 27) * P1;
        }
        return Mix(h);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
