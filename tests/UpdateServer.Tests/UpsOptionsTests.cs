namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class UpsOptionsTests
{
    [TestMethod]
    public void Defaults_are_valid_and_fsync_every_batch()
    {
        var options = new UpsOptions();
        Assert.AreEqual(0, options.Validate().Count());
        Assert.AreEqual(1, options.LogSyncType);
        Assert.AreEqual(64L << 20, options.CommitLogSize);
    }

    [TestMethod]
    public void Bad_values_name_their_key()
    {
        var problems = new UpsOptions { LogSyncType = 2, CommitLogSize = 1000 }.Validate().ToList();
        Assert.AreEqual(2, problems.Count);
        StringAssert.StartsWith(problems[0], "log_sync_type:");
        StringAssert.StartsWith(problems[1], "commit_log_size:");
    }
}
