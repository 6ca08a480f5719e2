using OceanClassic.Common.Rpc;
using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Tests.Engine;

// The MergeServer's view of an RPC failure: whether a write may have been applied (and so must not
// be resent) comes from RpcException.MayHaveReachedPeer, whatever the message says.
[TestClass]
public sealed class RpcFailureTranslationTests
{
    private static ClusterUnavailableException Translate(RpcException e) =>
        (ClusterUnavailableException)RpcClusterGateway.Translate(e, "127.0.0.1:2700");

    [TestMethod]
    public void AConnectFailureIsNotAppliedWhateverItsMessageSays()
    {
        Assert.IsFalse(Translate(new RpcException(RpcErrorCodes.ConnectionFailed, "connect to 127.0.0.1:2700 failed: refused") { MayHaveReachedPeer = false }).MayHaveApplied);
        Assert.IsFalse(Translate(new RpcException(RpcErrorCodes.ConnectionFailed, "connection to 127.0.0.1:2700 lost: reset") { MayHaveReachedPeer = false }).MayHaveApplied);
    }

    [TestMethod]
    public void AFailureAfterTheRequestWasSentMayHaveAppliedWhateverItsMessageSays()
    {
        Assert.IsTrue(Translate(new RpcException(RpcErrorCodes.ConnectionFailed, "connect to 127.0.0.1:2700 failed: refused")).MayHaveApplied);
        Assert.IsTrue(Translate(new RpcException(RpcErrorCodes.ConnectionFailed, "connection to 127.0.0.1:2700 lost: reset")).MayHaveApplied);
        Assert.IsTrue(Translate(new RpcException(RpcErrorCodes.Timeout, "packet 0x1 timed out")).MayHaveApplied);
    }
}
