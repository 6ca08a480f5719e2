using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class GroupCommitThreadTests
{
    [TestMethod]
    public async Task ACallerOutsideAnRPCHandlerNeverContinuesOnTheGroupCommitThread()
    {
        using var ups = new UpsHarness();
        for (var i = 0; i < 20; i++)
        {
            await ups.ApplyAsync(Insert(i, C(1, i)));
            CollectionAssert.DoesNotContain(new[] { "ups-group-commit", "ups-commit-reply" }, Thread.CurrentThread.Name, "test code ran on a commit thread");
        }
    }
}
