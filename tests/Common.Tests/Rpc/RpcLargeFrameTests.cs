using System.Buffers;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// Where the server collects a frame too big for the transport pipe: above one MiB outside the managed
// heap, so its memory goes back to the OS when the frame is released (issue 26: eight 60 MiB bodies
// stayed resident as large-object-heap garbage).
[TestClass]
public sealed class RpcLargeFrameTests
{
    [TestMethod]
    public void ASixtyMebibyteFrameIsCollectedOutsideTheManagedHeapAndKeepsItsBytes()
    {
        const int size = 60 << 20;
        var piece = new byte[1 << 20];
        for (int i = 0; i < piece.Length; i++)
            piece[i] = (byte)(i * 7);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        using (var frame = new RpcLargeFrame(size))
        {
            bool complete = false;
            for (int sent = 0; sent < size; sent += piece.Length)
            {
                var input = new ReadOnlySequence<byte>(piece);
                complete = frame.Fill(ref input);
                Assert.IsTrue(input.IsEmpty);
            }
            Assert.IsTrue(complete);
            var whole = frame.Frame;
            Assert.AreEqual(size, whole.Length);
            Assert.AreEqual(piece[12345], whole.Slice((59 << 20) + 12345, 1).FirstSpan[0]);
        }

        Assert.IsTrue(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 1 << 20,
            "the frame's 60 MiB were allocated on the managed heap");
    }

    [TestMethod]
    public void AReleasedFrameRefusesFurtherUse()
    {
        var frame = new RpcLargeFrame(4 << 20);
        frame.Dispose();

        Assert.ThrowsException<ObjectDisposedException>(() => frame.Frame);
    }
}
