using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Tests;

// The pipelined completion of the group committer: a batch whose successor is already queued is
// completed by the completer thread while the loop writes on, and still no appender hears of its
// entry before the entry is durable and its version published.
[TestClass]
public sealed class GroupCommitPipelineTests
{
    private string _dir = "";

    [TestInitialize]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("ups-group-commit-").FullName;

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public async Task ABatchWhoseSuccessorIsQueuedIsCompletedOffTheLoopAfterItIsDurable()
    {
        ulong published = 0;
        GroupCommitter? committer = null;
        Task<ulong>? second = null;
        // The first batch's publication queues the second entry: the loop then has a next batch to
        // write as the first one's appenders are due, so it hands them over.
        void OnDurable(ulong version)
        {
            Volatile.Write(ref published, Math.Max(Volatile.Read(ref published), version));
            if (version == 1)
                second = committer!.AppendAsync(Entry(), 2, 0, 0);
        }
        committer = new GroupCommitter(new CommitLogWriter(_dir, 64 << 20, sync: true, lastFile: null), 0, OnDurable,
            new UpsFaults(), NullLogger.Instance);
        await using (committer)
        {
            var heardFirst = committer.AppendAsync(Entry(), 1, 0, 0).ContinueWith(t =>
                (t.Result, Volatile.Read(ref published), committer.DurableSequence), TaskScheduler.Default);
            var (sequence, publishedThen, durableThen) = await heardFirst.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.AreEqual(1UL, sequence);
            Assert.IsTrue(publishedThen >= 1, "the version was published before its appender heard");
            Assert.IsTrue(durableThen >= 1, "the entry was durable before its appender heard");
            Assert.AreEqual(2UL, await second!.WaitAsync(TimeSpan.FromSeconds(30)));
            // The second batch goes to the completer too when the completer has not yet finished the
            // first one (a busy machine): inline completion would overtake it. So at least one.
            Assert.IsTrue(committer.HandedOver >= 1, "the first batch, with a successor queued, went to the completer");
            Assert.AreEqual(2L, committer.Batches);
        }
    }

    [TestMethod]
    public async Task ABatchWithNothingQueuedAfterItIsCompletedInlineWithoutTheCompleter()
    {
        await using var committer = new GroupCommitter(new CommitLogWriter(_dir, 64 << 20, sync: true, lastFile: null), 0, _ => { },
            new UpsFaults(), NullLogger.Instance);
        // Each append is heard before the next is made: no batch ever has a successor queued, and the
        // completer never received one, so it is never busy either.
        Assert.AreEqual(1UL, await committer.AppendAsync(Entry(), 1, 0, 0).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.AreEqual(2UL, await committer.AppendAsync(Entry(), 2, 0, 0).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.AreEqual(0L, committer.HandedOver, "both batches were completed inline on the loop");
        Assert.AreEqual(2L, committer.Batches);
    }

    [TestMethod]
    public async Task ABatchQueuedAsThePreviousWriteEndsIsWrittenWithoutTheGroupCommitWait()
    {
        GroupCommitter? committer = null;
        var appended = new List<Task<ulong>>();
        // Each publication queues the next entries from the loop thread itself, so they are queued
        // as the write ends: entry 1 alone, then entries 2 and 3 (a batch of two: concurrent writers),
        // then entry 4 while that batch's appenders are handed over.
        void OnDurable(ulong version)
        {
            if (version == 1)
                appended.AddRange([committer!.AppendAsync(Entry(), 2, 0, 0), committer.AppendAsync(Entry(), 3, 0, 0)]);
            else if (version == 3)
                appended.Add(committer!.AppendAsync(Entry(), 4, 0, 0));
        }
        committer = new GroupCommitter(new CommitLogWriter(_dir, 64 << 20, sync: true, lastFile: null), 0, OnDurable,
            new UpsFaults(), NullLogger.Instance, groupCommitWait: TimeSpan.FromSeconds(1));
        await using (committer)
        {
            Assert.AreEqual(1UL, await committer.AppendAsync(Entry(), 1, 0, 0).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.AreEqual(3UL, await appended[1].WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.AreEqual(4UL, await appended[2].WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.AreEqual(3L, committer.Batches, "1, then 2 and 3, then 4");
            // Entry 4's batch followed a batch of two with fewer queued: the wait would have held it open.
            Assert.AreEqual(0L, committer.GroupWaits, "a batch queued while the previous one was written waited for more writers");
        }
    }

    [TestMethod]
    public async Task ABatchAfterTheLoopSleptStillWaitsForConcurrentWriters()
    {
        GroupCommitter? committer = null;
        Task<ulong>[] pair = [];
        void OnDurable(ulong version)
        {
            if (version == 1)
                pair = [committer!.AppendAsync(Entry(), 2, 0, 0), committer.AppendAsync(Entry(), 3, 0, 0)];
        }
        committer = new GroupCommitter(new CommitLogWriter(_dir, 64 << 20, sync: true, lastFile: null), 0, OnDurable,
            new UpsFaults(), NullLogger.Instance, groupCommitWait: TimeSpan.FromMilliseconds(1));
        await using (committer)
        {
            Assert.AreEqual(1UL, await committer.AppendAsync(Entry(), 1, 0, 0).WaitAsync(TimeSpan.FromSeconds(30)));
            await Task.WhenAll(pair).WaitAsync(TimeSpan.FromSeconds(30));
            // The batch of two was heard and nothing was queued after it: the loop slept, and the next
            // writer to wake it follows a batch of concurrent writers, so the group-commit wait applies.
            Assert.AreEqual(4UL, await committer.AppendAsync(Entry(), 4, 0, 0).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.AreEqual(1L, committer.GroupWaits, "the batch after the loop slept held the wait open for more writers");
        }
    }

    [TestMethod]
    public async Task ConcurrentAppendersHearOnlyOfEntriesThatAreDurableAndPublished()
    {
        ulong published = 0;
        var violations = 0;
        var heard = new List<ulong>();
        void OnDurable(ulong version) => Volatile.Write(ref published, Math.Max(Volatile.Read(ref published), version));
        var committer = new GroupCommitter(new CommitLogWriter(_dir, 64 << 20, sync: true, lastFile: null), 0, OnDurable,
            new UpsFaults(), NullLogger.Instance);
        ulong nextVersion = 0;
        var appendLock = new Lock();
        await using (committer)
        {
            // Sixteen writers, each appending again as soon as it heard: the next batch is usually
            // queued while a batch is written, so the pipeline is exercised.
            var writers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    Task<ulong> done;
                    ulong version;
                    lock (appendLock)
                    {
                        version = ++nextVersion;
                        done = committer.AppendAsync(Entry(), version, 0, 0);
                    }
                    var sequence = await done.WaitAsync(TimeSpan.FromSeconds(30));
                    if (Volatile.Read(ref published) < version || committer.DurableSequence < sequence)
                        Interlocked.Increment(ref violations);
                    lock (heard)
                        heard.Add(sequence);
                }
            })).ToArray();
            await Task.WhenAll(writers);
        }
        Assert.AreEqual(0, violations, "an appender heard before its entry was durable and published");
        Assert.AreEqual(1600, heard.Count);
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 1600).Select(i => (ulong)i).ToArray(), heard.ToArray());
        var replayed = CommitLogReplayer.Replay(_dir, _ => { }, NullLogger.Instance, 0);
        Assert.AreEqual(1600UL, replayed.LastSequence);
    }

    private static byte[] Entry() => new CommitLogPayload([], []).EncodeWithHeaderSpace();
}
