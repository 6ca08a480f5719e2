using Microsoft.VisualStudio.TestTools.UnitTesting;
using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

[TestClass]
public sealed class RpcFrameTests
{
    private const int Max = 1024 * 1024;

    [TestMethod]
    public void AWrittenFrameParsesBackToTheSameHeaderAndBody()
    {
        var bytes = Encode(RpcFrameFlags.Response, 0x1234, 42, TestHandlers.Request("hello"));
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.IsTrue(RpcFrame.TryParse(ref buffer, Max, out var frame));
        Assert.IsTrue(buffer.IsEmpty);
        Assert.AreEqual(RpcFrameFlags.Response, frame.Header.Flags);
        Assert.AreEqual(0x1234u, frame.Header.PacketCode);
        Assert.AreEqual(42UL, frame.Header.RequestId);
        Assert.AreEqual("hello", EchoRequest.Parser.ParseFrom(frame.Body).Payload.ToStringUtf8());
    }

    [TestMethod]
    public void TheHeaderStartsWithOBRPAndIs32BytesLittleEndian()
    {
        var bytes = Encode(RpcFrameFlags.None, 7, 0x0102030405060708, TestHandlers.Request("x"));
        CollectionAssert.AreEqual("OBRP"u8.ToArray(), bytes[..4]);
        Assert.AreEqual((ushort)1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.AreEqual(7u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.AreEqual(0x0102030405060708UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(12)));
        Assert.AreEqual((uint)(bytes.Length - 32), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)));
    }

    [TestMethod]
    public void EveryPrefixOfAFrameSplitAcrossSegmentsWaitsForMoreBytes()
    {
        var bytes = Encode(RpcFrameFlags.None, 1, 9, TestHandlers.Request(new string('a', 100)));
        for (int length = 0; length < bytes.Length; length++)
        {
            var partial = TestSequence.Split(bytes[..length], 5, 31, 33, 70);
            Assert.IsFalse(RpcFrame.TryParse(ref partial, Max, out _), $"prefix of {length} bytes");
            Assert.AreEqual(length, partial.Length, "a partial frame consumes nothing");
        }
    }

    [TestMethod]
    public void ACompleteFrameSplitAtAnyPointParses()
    {
        var bytes = Encode(RpcFrameFlags.None, 1, 9, TestHandlers.Request(new string('b', 60)));
        for (int cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = TestSequence.Split(bytes, cut, cut / 2, cut + 1);
            Assert.IsTrue(RpcFrame.TryParse(ref buffer, Max, out var frame), $"cut at {cut}");
            Assert.AreEqual(60, EchoRequest.Parser.ParseFrom(frame.Body).Payload.Length);
        }
    }

    [TestMethod]
    public void TwoFramesInOneBufferParseInOrderAndLeaveATrailingPartialFrame()
    {
        var first = Encode(RpcFrameFlags.None, 1, 1, TestHandlers.Request("one"));
        var second = Encode(RpcFrameFlags.None, 1, 2, TestHandlers.Request("two"));
        var bytes = first.Concat(second).Concat(first[..10]).ToArray();
        var buffer = TestSequence.Split(bytes, first.Length - 3, first.Length + 40);

        Assert.IsTrue(RpcFrame.TryParse(ref buffer, Max, out var a));
        Assert.AreEqual(1UL, a.Header.RequestId);
        Assert.IsTrue(RpcFrame.TryParse(ref buffer, Max, out var b));
        Assert.AreEqual(2UL, b.Header.RequestId);
        Assert.IsFalse(RpcFrame.TryParse(ref buffer, Max, out _));
        Assert.AreEqual(10, buffer.Length);
    }

    [TestMethod]
    public void AnErrorFrameCarriesAnRpcErrorBody()
    {
        var writer = new ArrayBufferWriter<byte>();
        RpcFrameWriter.WriteError(writer, 5, 6, 1062, "Duplicate entry", Max);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.IsTrue(RpcFrame.TryParse(ref buffer, Max, out var frame));
        Assert.IsTrue(frame.Header.IsError && frame.Header.IsResponse);
        var error = RpcError.Parser.ParseFrom(frame.Body);
        Assert.AreEqual(1062, error.Code);
        Assert.AreEqual("Duplicate entry", error.Message);
    }

    [TestMethod]
    public void BadMagicIsAProtocolError()
    {
        var bytes = Encode(RpcFrameFlags.None, 1, 1, TestHandlers.Request("x"));
        bytes[0] = (byte)'X';
        AssertProtocolError(bytes, "magic");
    }

    [TestMethod]
    public void WrongVersionIsAProtocolError()
    {
        var bytes = Encode(RpcFrameFlags.None, 1, 1, TestHandlers.Request("x"));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);
        AssertProtocolError(bytes, "version");
    }

    [TestMethod]
    public void ACorruptedBodyFailsTheCrcCheck()
    {
        var bytes = Encode(RpcFrameFlags.None, 1, 1, TestHandlers.Request("payload"));
        bytes[^1] ^= 0x40;
        AssertProtocolError(bytes, "CRC");
    }

    [TestMethod]
    public void AnOversizeLengthIsRejectedFromTheHeaderAlone()
    {
        var bytes = Encode(RpcFrameFlags.None, 1, 1, TestHandlers.Request("x"));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), Max + 1);
        AssertProtocolError(bytes[..32], "exceeds");
    }

    [TestMethod]
    public void WritingAMessageLargerThanTheMaximumThrowsBeforeWritingAnything()
    {
        var writer = new ArrayBufferWriter<byte>();
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[200]) };
        var ex = Assert.ThrowsException<RpcException>(() => RpcFrameWriter.Write(writer, RpcFrameFlags.None, 1, 1, request, 100));
        Assert.AreEqual(RpcErrorCodes.ProtocolError, ex.Code);
        Assert.AreEqual(0, writer.WrittenCount);
    }

    private static void AssertProtocolError(byte[] bytes, string reason)
    {
        var buffer = TestSequence.Split(bytes, 3, 17);
        var ex = Assert.ThrowsException<RpcProtocolException>(() => RpcFrame.TryParse(ref buffer, Max, out _));
        StringAssert.Contains(ex.Message, reason);
    }

    private static byte[] Encode(RpcFrameFlags flags, uint code, ulong id, IMessage body)
    {
        var writer = new ArrayBufferWriter<byte>();
        RpcFrameWriter.Write(writer, flags, code, id, body, Max);
        return writer.WrittenSpan.ToArray();
    }
}
