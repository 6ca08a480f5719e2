using System.Text;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Tests.Types;

[TestClass]
public sealed class LosslessUtf8Tests
{
    [TestMethod]
    public void EveryByteSurvivesDecodingAndEncoding()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var random = new Random(20);
        var inputs = new List<byte[]>
        {
            all, all.Reverse().ToArray(), new byte[] { 0xC3 }, new byte[] { 0xE2, 0x82 }, new byte[] { 0xED, 0xA0, 0x80 },
            new byte[] { 0xF0, 0x9F, 0x98, 0x80, 0xFF },
        };
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            inputs.Add(bytes);
        }

        foreach (var bytes in inputs)
        {
            var text = LosslessUtf8.GetString(bytes);
            CollectionAssert.AreEqual(bytes, LosslessUtf8.GetBytes(text), Convert.ToHexString(bytes));
            Assert.AreEqual(bytes.Length, LosslessUtf8.GetByteCount(text));
        }
    }

    [TestMethod]
    public void ValidUtf8DecodesToOrdinaryCharacters()
    {
        var text = "héllo 😀 wörld";
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.AreEqual(text, LosslessUtf8.GetString(bytes));
        CollectionAssert.AreEqual(bytes, LosslessUtf8.GetBytes(text));
        Assert.IsFalse(LosslessUtf8.HasEscapes(text));
    }

    // U+1F4A9 is the pair D83D DCA9: its low half lies in the escapes' range but is text, not byte A9.
    [TestMethod]
    public void ACharacterWhoseLowSurrogateLiesInTheEscapeRangeStaysText()
    {
        foreach (var text in new[] { "\U0001F4A9", "x\U0001F4A9y", "\U0001F4A9\U0001F4A9", "\U0001F480 \U0001F4FF" })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.IsFalse(LosslessUtf8.HasEscapes(text), text);
            CollectionAssert.AreEqual(bytes, LosslessUtf8.GetBytes(text), text);
            Assert.AreEqual(bytes.Length, LosslessUtf8.GetByteCount(text), text);
        }
        var mixed = LosslessUtf8.GetString([0xF0, 0x9F, 0x92, 0xA9, 0xA9, 0xFF]);
        Assert.AreEqual("\U0001F4A9\uDCA9\uDCFF", mixed);
        CollectionAssert.AreEqual(new byte[] { 0xF0, 0x9F, 0x92, 0xA9, 0xA9, 0xFF }, LosslessUtf8.GetBytes(mixed));
    }

    [TestMethod]
    public void AnInvalidByteBecomesOneEscapeCharacterBetweenOrdinaryText()
    {
        var text = LosslessUtf8.GetString([(byte)'a', 0xFF, (byte)'b', 0xC3, 0xA9]);
        Assert.AreEqual("a\uDCFFbé", text);
    }
}
