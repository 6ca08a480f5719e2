using System.Globalization;
using System.Security.Cryptography;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Bytes and digests: HEX (of a string's bytes, or of a number as a 64-bit two's complement integer),
// UNHEX (a binary string; NULL for a non-hex digit), MD5, SHA1/SHA, SHA2(s, 224|256|384|512|0) as
// lower-case hex, CRC32, TO_BASE64 / FROM_BASE64, UUID (version 1, as MySQL). Text hashes over its UTF-8 bytes.
internal static class DigestFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Def("HEX", 1, 1, (a, _) => Hex(a[0])),
        Def("UNHEX", 1, 1, (a, _) => Unhex(Text(a[0]))),
        Def("MD5", 1, 1, (a, _) => Digest(MD5.HashData(Bytes(a[0])))),
        Def("SHA1", 1, 1, (a, _) => Digest(SHA1.HashData(Bytes(a[0])))),
        Def("SHA", 1, 1, (a, _) => Digest(SHA1.HashData(Bytes(a[0])))),
        Def("SHA2", 2, 2, (a, _) => Sha2(Bytes(a[0]), a[1].ToInt64())),
        Def("CRC32", 1, 1, (a, _) => ObObj.FromUInt(Crc32(Bytes(a[0])))),
        Def("TO_BASE64", 1, 1, (a, _) => Str(ToBase64(Bytes(a[0])))),
        Def("FROM_BASE64", 1, 1, (a, _) => FromBase64(Text(a[0]))),
        Def("UUID", 0, 0, (_, _) => Str(TimeUuid())),
    ];

    private static readonly long GregorianOffsetTicks = new DateTime(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly string UuidNode = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private static long _lastUuidTime;

    // A version-1 UUID as MySQL makes them: 100 ns ticks since 1582-10-15 (kept increasing), a random
    // clock sequence and a node fixed per process.
    private static string TimeUuid()
    {
        long now = DateTime.UtcNow.Ticks - GregorianOffsetTicks, last, next;
        do
        {
            last = Interlocked.Read(ref _lastUuidTime);
            next = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastUuidTime, next, last) != last);
        var t = (ulong)next;
        var clockSeq = (ushort)(0x8000 | (RandomNumberGenerator.GetInt32(0x4000)));
        return string.Create(CultureInfo.InvariantCulture,
            $"{t & 0xFFFFFFFF:x8}-{(t >> 32) & 0xFFFF:x4}-{0x1000 | ((t >> 48) & 0x0FFF):x4}-{clockSeq:x4}-{UuidNode}");
    }

    private static byte[] Bytes(ObObj v) => v.Type == ObType.Binary ? v.Bytes : LosslessUtf8.GetBytes(Text(v));

    private static ObObj Digest(byte[] hash) => Str(Convert.ToHexStringLower(hash));

    private static ObObj Hex(ObObj v)
    {
        switch (v.Type)
        {
            case ObType.Binary when v.IsBitValue:
                return Str(v.CarriedNumber!.Value.ToString("X", CultureInfo.InvariantCulture));
            case ObType.String or ObType.Binary:
                return Str(Convert.ToHexString(Bytes(v)));
            case ObType.UInt:
                return Str(v.UInt.ToString("X", CultureInfo.InvariantCulture));
            case ObType.Double:
                {
                    var d = Math.Round(v.Double, MidpointRounding.AwayFromZero);
                    var n = d >= 1.8446744073709552e19 ? ulong.MaxValue : d <= -9.2233720368547758e18 ? 1UL << 63 : d < 0 ? unchecked((ulong)(long)d) : (ulong)d;
                    return Str(n.ToString("X", CultureInfo.InvariantCulture));
                }
            default:
                {
                    var number = ExprValues.ToNumber(v);
                    if (number.Type == ObType.Decimal)
                    {
                        var d = Math.Round(number.Decimal, MidpointRounding.AwayFromZero);
                        var n = d > ulong.MaxValue ? ulong.MaxValue : d < long.MinValue ? 1UL << 63 : d < 0 ? unchecked((ulong)(long)d) : (ulong)d;
                        return Str(n.ToString("X", CultureInfo.InvariantCulture));
                    }
                    return Str(unchecked((ulong)number.ToInt64()).ToString("X", CultureInfo.InvariantCulture));
                }
        }
    }

    private static ObObj Unhex(string s)
    {
        if (s.Length % 2 == 1)
            s = "0" + s;
        try
        {
            return ObObj.FromBinary(Convert.FromHexString(s));
        }
        catch (FormatException)
        {
            return ObObj.Null;
        }
    }

    private static ObObj Sha2(byte[] data, long bits) => bits switch
    {
        0 or 256 => Digest(SHA256.HashData(data)),
        224 => throw new ExprException(WireErrorCodes.NotSupported, "This version of OceanClassic doesn't yet support 'SHA2 with 224 bits'"),
        384 => Digest(SHA384.HashData(data)),
        512 => Digest(SHA512.HashData(data)),
        _ => ObObj.Null,
    };

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    })];

    // CRC-32 (IEEE 802.3, as zlib and MySQL's CRC32).
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static string ToBase64(byte[] data)
    {
        var text = Convert.ToBase64String(data);
        // MySQL wraps base64 output every 76 characters.
        return string.Join("\n", Enumerable.Range(0, (text.Length + 75) / 76).Select(i => text.Substring(i * 76, Math.Min(76, text.Length - (i * 76)))));
    }

    private static ObObj FromBase64(string s)
    {
        try
        {
            return ObObj.FromBinary(Convert.FromBase64String(s.Replace("\n", "", StringComparison.Ordinal)));
        }
        catch (FormatException)
        {
            return ObObj.Null;
        }
    }
}
