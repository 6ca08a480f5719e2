using OceanClassic.Common.Checksums;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class MemTableChecksumTests
{
    [TestMethod]
    public async Task ReplayRebuildsTheSameMemtableChecksumTheMasterLogged()
    {
        using var ups = new UpsHarness();
        for (var i = 1; i <= 4; i++)
            await ups.ApplyAsync(Insert(i, C(1, i), C(2, "row" + i)));
        await ups.ApplyAsync(Update(2, C(1, 20)), Delete(3));
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Update(4, C(1, 40)));
        await ups.EndAsync(tx);
        var checksum = ups.Engine.MemTableChecksumValue;
        Assert.AreNotEqual(0UL, checksum);

        ups.Restart();
        Assert.AreEqual(checksum, ups.Engine.MemTableChecksumValue);
        Assert.AreEqual(20, await ups.ValueAsync(2));
    }

    [TestMethod]
    public async Task ACrcValidButTamperedEntryStopsReplayNamingItsLogSeq()
    {
        using var ups = new UpsHarness();
        for (var i = 1; i <= 3; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        await ups.Engine.DisposeAsync();
        var file = CommitLogFiles.ListInOrder(ups.LogDirectory)[^1];
        await File.WriteAllBytesAsync(file, TamperSecondEntry(await File.ReadAllBytesAsync(file)));

        var error = Assert.ThrowsException<MemTableChecksumMismatchException>(() => ups.Restart());
        Assert.AreEqual(2UL, error.LogSequence);
        StringAssert.Contains(error.Message, "log seq 2");
    }

    [TestMethod]
    public async Task ABackupRefusesATamperedShippedBlockAndEverythingAfterIt()
    {
        using var master = new UpsHarness();
        for (var i = 1; i <= 3; i++)
            await master.ApplyAsync(Insert(i, C(1, i)));
        await master.Engine.DisposeAsync();
        var bytes = await File.ReadAllBytesAsync(CommitLogFiles.ListInOrder(master.LogDirectory)[^1]);
        using var backup = new UpsHarness();

        var error = await Assert.ThrowsExceptionAsync<MemTableChecksumMismatchException>(
            () => backup.Engine.ApplyShipped(ShippedLog.Parse(TamperSecondEntry(bytes), 1)));
        Assert.AreEqual(2UL, error.LogSequence);
        Assert.AreEqual(0, (await backup.ScanAsync()).Count, "nothing of the block was applied");
        await Assert.ThrowsExceptionAsync<MemTableChecksumMismatchException>(
            () => backup.Engine.ApplyShipped(ShippedLog.Parse(bytes, 1)));
    }

    [TestMethod]
    public async Task ABackupApplyingTheMastersLogReachesTheMastersChecksum()
    {
        using var master = new UpsHarness();
        for (var i = 1; i <= 3; i++)
            await master.ApplyAsync(Insert(i, C(1, i)));
        var checksum = master.Engine.MemTableChecksumValue;
        await master.Engine.DisposeAsync();
        var bytes = await File.ReadAllBytesAsync(CommitLogFiles.ListInOrder(master.LogDirectory)[^1]);
        using var backup = new UpsHarness();

        await backup.Engine.ApplyShipped(ShippedLog.Parse(bytes, 1));
        Assert.AreEqual(checksum, backup.Engine.MemTableChecksumValue);
    }

    // Rewrites the second entry's cell value and fixes its payload and header CRCs, keeping the
    // master's checksums: only the MemTable checksum can tell.
    private static byte[] TamperSecondEntry(byte[] log)
    {
        var output = new List<byte>();
        var pos = 0;
        while (pos < log.Length)
        {
            Assert.IsTrue(CommitLogEntryHeader.TryRead(log.AsSpan(pos), out var header));
            var payload = log.AsSpan(pos + CommitLogEntryHeader.Size, (int)header.PayloadLength);
            if (header.LogSequence == 2)
            {
                var stamp = header.Split(payload, out var oldBody);
                var decoded = CommitLogPayload.Decode(oldBody);
                var m = decoded.Mutations[0];
                var changed = new LoggedMutation(m.TableId, m.RowKey, m.Kind, [m.Cells[0] with { Value = ObObj.FromInt(999) }]);
                var entry = new CommitLogPayload([changed], decoded.AutoInc).EncodeWithHeaderSpace();
                stamp.WriteTo(entry.AsSpan(CommitLogEntryHeader.Size));
                var body = entry.AsSpan(CommitLogEntryHeader.Size);
                (header with { PayloadLength = (uint)body.Length, PayloadCrc = Crc64.Compute(body) }).WriteTo(entry);
                output.AddRange(entry);
            }
            else
            {
                output.AddRange(log.AsSpan(pos, CommitLogEntryHeader.Size + (int)header.PayloadLength).ToArray());
            }
            pos += CommitLogEntryHeader.Size + (int)header.PayloadLength;
        }
        return [.. output];
    }
}
