using System.Buffers;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Tests.Types;

[TestClass]
public sealed class CellCodecTests
{
    [TestMethod]
    public void EveryValueKindRoundTripsThroughTheCellCodec()
    {
        ObObj[] values =
        [
            ObObj.Null, ObObj.NotWritten, ObObj.RowDeleted, ObObj.FromInt(-1), ObObj.FromInt(long.MinValue),
            ObObj.FromUInt(ulong.MaxValue), ObObj.FromDouble(-2.5e300), ObObj.FromDecimal(-12345.6789m),
            ObObj.FromString(""), ObObj.FromString("héllo\0wörld"), ObObj.FromDateTimeMicros(1_700_000_000_123_456),
            ObObj.FromDateMicros(19_000L * 86_400_000_000L), ObObj.True, ObObj.False,
            ObObj.FromBinary([]), ObObj.FromBinary([0x00, 0xFF, 0x10, 0x80]),
        ];
        var writer = new ArrayBufferWriter<byte>();
        foreach (var v in values)
            CellCodec.Write(writer, v);
        var pos = 0;
        foreach (var v in values)
        {
            var back = CellCodec.Read(writer.WrittenSpan, ref pos);
            Assert.AreEqual(v.Type, back.Type);
            Assert.AreEqual(v.ToString(), back.ToString());
        }
        Assert.AreEqual(writer.WrittenCount, pos);
    }

    // A query's literal holding raw bytes (pymysql writes BLOB parameters unescaped into the text) is a
    // string with escaped bytes; a filter shipped to a ChunkServer carries it, so its bytes must survive.
    [TestMethod]
    public void AStringHoldingRawBytesKeepsThemThroughTheCellCodec()
    {
        byte[] raw = [0x80, 0x80, 0xF0, 0x9F, 0x92, 0xA9, 0xFF, (byte)'a'];
        var value = ObObj.FromString(LosslessUtf8.GetString(raw));
        var writer = new ArrayBufferWriter<byte>();
        CellCodec.Write(writer, value);
        var pos = 0;
        var back = CellCodec.Read(writer.WrittenSpan, ref pos);
        CollectionAssert.AreEqual(raw, LosslessUtf8.GetBytes(back.String));
        Assert.AreEqual(writer.WrittenCount, pos);
    }

    [TestMethod]
    public void TextRenderingMatchesMySql()
    {
        Assert.AreEqual("2024-02-29 13:45:01", ObObj.FromDateTime(new DateTime(2024, 2, 29, 13, 45, 1)).ToText());
        Assert.AreEqual("3", ObObj.FromDouble(3.0).ToText());
        Assert.AreEqual("0.5", ObObj.FromDouble(0.5).ToText());
        Assert.IsNull(ObObj.Null.ToText());
        Assert.AreEqual("1", ObObj.True.ToText());
    }

    [TestMethod]
    public void NumbersOfDifferentKindsCompareAndGroupByValue()
    {
        Assert.AreEqual(0, ObObj.FromInt(2).CompareTo(ObObj.FromDecimal(2.0m)));
        Assert.IsTrue(ObObj.FromInt(-1) < ObObj.FromUInt(0));
        Assert.AreEqual(ObObj.FromInt(7), ObObj.FromDouble(7.0));
        Assert.AreEqual(ObObj.FromInt(7).GetHashCode(), ObObj.FromDouble(7.0).GetHashCode());
        Assert.AreNotEqual(ObObj.FromInt(7), ObObj.FromString("7"));
        Assert.IsTrue(ObObj.Null < ObObj.FromInt(long.MinValue));
    }
}
