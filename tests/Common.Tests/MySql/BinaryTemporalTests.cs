using System.Buffers;
using OceanClassic.Common.MySql;

namespace OceanClassic.Common.Tests.MySql;

[TestClass]
public sealed class BinaryTemporalTests
{
    [TestMethod]
    [DataRow("2024-02-29", new byte[] { 4, 0xe8, 0x07, 2, 29 })]
    [DataRow("2024-02-29 00:00:00", new byte[] { 4, 0xe8, 0x07, 2, 29 })]
    [DataRow("1999-12-31 23:59:58", new byte[] { 7, 0xcf, 0x07, 12, 31, 23, 59, 58 })]
    [DataRow("2024-01-02 03:04:05.5", new byte[] { 11, 0xe8, 0x07, 1, 2, 3, 4, 5, 0x20, 0xa1, 0x07, 0x00 })]
    [DataRow("0000-00-00 00:00:00", new byte[] { 0 })]
    [DataRow("not a date", new byte[] { 0 })]
    public void DateTimesUseTheShortestBinaryForm(string text, byte[] expected)
    {
        var writer = new ArrayBufferWriter<byte>();
        BinaryTemporal.WriteDateTime(writer, text);
        CollectionAssert.AreEqual(expected, writer.WrittenSpan.ToArray());
    }

    [TestMethod]
    [DataRow("00:00:00", new byte[] { 0 })]
    [DataRow("-26:00:01", new byte[] { 8, 1, 1, 0, 0, 0, 2, 0, 1 })]
    [DataRow("838:59:59.000001", new byte[] { 12, 0, 34, 0, 0, 0, 22, 59, 59, 1, 0, 0, 0 })]
    public void TimesSplitHoursIntoDaysAndHours(string text, byte[] expected)
    {
        var writer = new ArrayBufferWriter<byte>();
        BinaryTemporal.WriteTime(writer, text);
        CollectionAssert.AreEqual(expected, writer.WrittenSpan.ToArray());
    }

    [TestMethod]
    [DataRow("2024-02-29")]
    [DataRow("1999-12-31 23:59:58")]
    [DataRow("2024-01-02 03:04:05.000250")]
    public void DateTimesReadBackAsTheirText(string text)
    {
        var writer = new ArrayBufferWriter<byte>();
        BinaryTemporal.WriteDateTime(writer, text);
        var reader = new PayloadReader(writer.WrittenSpan);
        Assert.AreEqual(text, BinaryTemporal.ReadDateTime(ref reader));
        Assert.IsTrue(reader.IsAtEnd);
    }

    [TestMethod]
    [DataRow("-26:00:01")]
    [DataRow("838:59:59.000001")]
    public void TimesReadBackAsTheirText(string text)
    {
        var writer = new ArrayBufferWriter<byte>();
        BinaryTemporal.WriteTime(writer, text);
        var reader = new PayloadReader(writer.WrittenSpan);
        Assert.AreEqual(text, BinaryTemporal.ReadTime(ref reader));
    }

    [TestMethod]
    public void AnImpossibleLengthIsAProtocolError()
    {
        Assert.ThrowsException<MySqlProtocolException>(() =>
        {
            var reader = new PayloadReader(new byte[] { 5, 1, 2, 3, 4, 5 });
            BinaryTemporal.ReadDateTime(ref reader);
        });
    }
}
