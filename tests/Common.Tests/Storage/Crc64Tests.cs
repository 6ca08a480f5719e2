using Microsoft.VisualStudio.TestTools.UnitTesting;
using System.Buffers;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Tests.Rpc;

namespace OceanClassic.Common.Tests.Storage;

[TestClass]
public sealed class Crc64Tests
{
    [TestMethod]
    public void EmptyInputHasCrcZero() => Assert.AreEqual(0UL, Crc64.Compute(ReadOnlySpan<byte>.Empty));

    [TestMethod]
    public void CheckString123456789GivesTheCrc64XzCheckValue() =>
        Assert.AreEqual(0x995DC9BBDF1939FAUL, Crc64.Compute("123456789"u8));

    [TestMethod]
    public void OneMebibytePatternMatchesTheBitwiseReference()
    {
        var data = Pattern(1024 * 1024);
        Assert.AreEqual(BitwiseReference(data), Crc64.Compute(data));
    }

    [TestMethod]
    public void EveryLengthUpTo600AndOffsetMatchesTheBitwiseReference()
    {
        var data = Pattern(608);
        for (int start = 0; start < 8; start++)
        {
            for (int length = 0; start + length <= data.Length; length++)
            {
                var slice = data.AsSpan(start, length);
                Assert.AreEqual(BitwiseReference(slice), Crc64.Compute(slice), $"start {start} length {length}");
            }
        }
    }

    [TestMethod]
    public void AppendingPiecesEqualsComputingTheWhole()
    {
        var data = Pattern(10_000);
        ulong whole = Crc64.Compute(data);
        foreach (int cut in new[] { 0, 1, 7, 8, 9, 127, 128, 129, 4095, 9999, 10_000 })
        {
            ulong pieces = Crc64.Append(Crc64.Compute(data.AsSpan(0, cut)), data.AsSpan(cut));
            Assert.AreEqual(whole, pieces, $"cut at {cut}");
        }
    }

    [TestMethod]
    public void AppendingInPlaceEqualsAppendingACopy()
    {
        var data = Pattern(300);
        foreach (int length in new[] { 0, 3, 7, 8, 9, 64, 300 })
        {
            var expected = Crc64.Append(0x1234_5678_9ABC_DEF0UL, data.AsSpan(0, length));
            var scratch = data.AsSpan(0, length).ToArray();
            Assert.AreEqual(expected, Crc64.AppendInPlace(0x1234_5678_9ABC_DEF0UL, scratch), $"length {length}");
            Assert.AreEqual(BitwiseReference([.. Pattern(5), .. data.AsSpan(0, length)]),
                Crc64.Append(Crc64.Compute(Pattern(5)), data.AsSpan(0, length)), $"length {length} after 5 bytes");
        }
    }

    [TestMethod]
    public void MultiSegmentSequenceEqualsTheContiguousCrc()
    {
        var data = Pattern(5000);
        var sequence = TestSequence.Split(data, 3, 100, 1000, 4000);
        Assert.IsFalse(sequence.IsSingleSegment);
        Assert.AreEqual(Crc64.Compute(data), Crc64.Compute(sequence));
    }

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 31) ^ (i >> 8));
        }
        return data;
    }

    private static ulong BitwiseReference(ReadOnlySpan<byte> data)
    {
        ulong crc = ulong.MaxValue;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xC96C5795D7870F42UL : crc >> 1;
            }
        }
        return ~crc;
    }
}
