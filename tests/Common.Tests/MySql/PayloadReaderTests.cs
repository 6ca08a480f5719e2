using OceanClassic.Common.MySql;

namespace OceanClassic.Common.Tests.MySql;

[TestClass]
public sealed class PayloadReaderTests
{
    [TestMethod]
    public void LengthEncodedIntegersOfEveryWidthAreRead()
    {
        byte[] data = [0xfa, 0xfc, 0x34, 0x12, 0xfd, 0x56, 0x34, 0x12, 0xfe, 1, 2, 3, 4, 5, 6, 7, 8];
        var reader = new PayloadReader(data);

        Assert.AreEqual(0xfaUL, reader.ReadLengthEncodedInteger());
        Assert.AreEqual(0x1234UL, reader.ReadLengthEncodedInteger());
        Assert.AreEqual(0x123456UL, reader.ReadLengthEncodedInteger());
        Assert.AreEqual(0x0807060504030201UL, reader.ReadLengthEncodedInteger());
        Assert.IsTrue(reader.IsAtEnd);
    }

    [TestMethod]
    public void NullPrefixIsNotALengthEncodedInteger()
    {
        var error = Assert.ThrowsException<MySqlProtocolException>(() => new PayloadReader([0xfb]).ReadLengthEncodedInteger());

        StringAssert.Contains(error.Message, "0xfb");
    }

    [TestMethod]
    public void LengthEncodedStringRunningPastThePayloadIsTruncation()
    {
        var error = Assert.ThrowsException<MySqlProtocolException>(() => new PayloadReader([5, (byte)'a']).ReadLengthEncodedBytes());

        StringAssert.Contains(error.Message, "truncated");
    }

    [TestMethod]
    public void StrictNulTerminatedReadRejectsAMissingNul()
    {
        Assert.ThrowsException<MySqlProtocolException>(() => new PayloadReader("abc"u8).ReadNullTerminatedBytes());
    }

    [TestMethod]
    public void LenientNulTerminatedReadTakesTheRestWhenTheNulIsMissing()
    {
        var reader = new PayloadReader("ab\0cd"u8);

        Assert.IsTrue(reader.ReadNullTerminatedOrRemainingBytes().SequenceEqual("ab"u8));
        Assert.IsTrue(reader.ReadNullTerminatedOrRemainingBytes().SequenceEqual("cd"u8));
        Assert.IsTrue(reader.IsAtEnd);
    }
}
