using System.Buffers;
using System.IO.Pipelines;
using OceanClassic.Common.MySql;

namespace OceanClassic.Common.Tests.MySql;

[TestClass]
public sealed class PacketFramingTests
{
    [TestMethod]
    public void PayloadOfExactly0xFFFFFFBytesIsFollowedByAnEmptyPacket()
    {
        var output = new ArrayBufferWriter<byte>();
        byte sequence = 3;
        PacketFramer.WritePacket(output, new byte[0xFFFFFF], ref sequence);

        Assert.AreEqual(0xFFFFFF + 8, output.WrittenCount);
        CollectionAssert.AreEqual(new byte[] { 0xff, 0xff, 0xff, 3 }, output.WrittenSpan[..4].ToArray());
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 4 }, output.WrittenSpan[^4..].ToArray());
        Assert.AreEqual(5, sequence);
    }

    [TestMethod]
    public async Task PayloadLargerThan0xFFFFFFIsSplitAndReassembled()
    {
        var payload = new byte[0xFFFFFF + 10];
        new Random(1).NextBytes(payload);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        byte sequence = 0;
        PacketFramer.WritePacket(pipe.Writer, payload, ref sequence);
        await pipe.Writer.FlushAsync();

        using var reader = new PacketReader(pipe.Reader, 32 * 1024 * 1024);
        Assert.IsTrue(await reader.ReadAsync(CancellationToken.None));

        Assert.AreEqual(2, sequence);
        Assert.AreEqual(2, reader.NextSequence);
        Assert.IsTrue(reader.Payload.Span.SequenceEqual(payload));
    }

    [TestMethod]
    public async Task PacketOverMaxAllowedIsRejectedFromItsHeaderAlone()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0x01, 0x00, 0x01, 0x00 });
        using var reader = new PacketReader(pipe.Reader, 1024);

        var error = await Assert.ThrowsExceptionAsync<MySqlProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
        StringAssert.Contains(error.Message, "max_allowed_packet");
    }

    [TestMethod]
    public async Task WrongSequenceIdIsRejected()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0x01, 0x00, 0x00, 0x05, 0x0e });
        using var reader = new PacketReader(pipe.Reader, 1024);

        var error = await Assert.ThrowsExceptionAsync<MySqlProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
        StringAssert.Contains(error.Message, "sequence id 5");
        Assert.IsFalse(error.EndedInsidePacket);
    }

    [TestMethod]
    public async Task StreamEndingInsideAPacketIsTruncation()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0x10, 0x00, 0x00, 0x00, 0x03, 0x73 });
        await pipe.Writer.CompleteAsync();
        using var reader = new PacketReader(pipe.Reader, 1024);

        var error = await Assert.ThrowsExceptionAsync<MySqlProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
        StringAssert.Contains(error.Message, "inside a packet");
        Assert.IsTrue(error.EndedInsidePacket);
    }

    [TestMethod]
    public async Task CleanEndOfStreamBetweenPacketsIsNotAnError()
    {
        var pipe = new Pipe();
        await pipe.Writer.CompleteAsync();
        using var reader = new PacketReader(pipe.Reader, 1024);

        Assert.IsFalse(await reader.ReadAsync(CancellationToken.None));
    }
}
