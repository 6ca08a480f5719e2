namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class UpsOptionsTests
{
    [TestMethod]
    public void DefaultsAreValidAndFsyncEveryBatch()
    {
        var options = new UpsOptions();
        Assert.AreEqual(0, options.Validate().Count());
        Assert.AreEqual(1, options.LogSyncType);
        Assert.AreEqual(64L << 20, options.CommitLogSize);
    }

    [TestMethod]
    public void BadValuesNameTheirKey()
    {
        var problems = new UpsOptions { LogSyncType = 2, CommitLogSize = 1000 }.Validate().ToList();
        Assert.AreEqual(2, problems.Count);
        StringAssert.StartsWith(problems[0], "log_sync_type:");
        StringAssert.StartsWith(problems[1], "commit_log_size:");
    }

    [TestMethod]
    public void TransactionTimeoutsDefaultTo10sAnd60sAndRejectNonDurations()
    {
        Assert.AreEqual("10s", new UpsOptions().LockWaitTimeout);
        Assert.AreEqual("60s", new UpsOptions().TxIdleTimeout);
        var problems = new UpsOptions { LockWaitTimeout = "soon", TxIdleTimeout = "1ms" }.Validate().ToList();
        Assert.AreEqual(2, problems.Count);
        StringAssert.StartsWith(problems[0], "lock_wait_timeout:");
        StringAssert.StartsWith(problems[1], "ob_tx_idle_timeout:");
    }

    [TestMethod]
    public void GroupCommitWaitDefaultsTo200usAndRejectsNegativeValues()
    {
        Assert.AreEqual(200, new UpsOptions().GroupCommitWaitUs);
        var problems = new UpsOptions { GroupCommitWaitUs = -1 }.Validate().ToList();
        Assert.AreEqual(1, problems.Count);
        StringAssert.StartsWith(problems[0], "group_commit_wait_us:");
    }
}
