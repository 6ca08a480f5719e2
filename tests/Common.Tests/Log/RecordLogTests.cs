using OceanClassic.Common.Log;

namespace OceanClassic.Common.Tests.Log;

[TestClass]
public sealed class RecordLogTests
{
    private string _path = "";

    [TestInitialize]
    public void Init() => _path = Path.Combine(Directory.CreateTempSubdirectory("oblog").FullName, "log");

    [TestCleanup]
    public void Cleanup() => Directory.Delete(Path.GetDirectoryName(_path)!, true);

    private async Task WriteAsync(params string[] records)
    {
        var (log, _, _) = RecordLog.Open(_path);
        await using (log)
        {
            foreach (var r in records)
                await log.AppendAsync(System.Text.Encoding.UTF8.GetBytes(r), CancellationToken.None);
        }
    }

    private List<string> Reopen(out bool truncated)
    {
        var (log, records, cut) = RecordLog.Open(_path);
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        truncated = cut;
        return records.Select(r => System.Text.Encoding.UTF8.GetString(r)).ToList();
    }

    [TestMethod]
    public async Task RecordsSurviveARestart()
    {
        await WriteAsync("a", "bb", "ccc");
        CollectionAssert.AreEqual(new[] { "a", "bb", "ccc" }, Reopen(out var truncated));
        Assert.IsFalse(truncated);
    }

    [TestMethod]
    public async Task ATornLastRecordIsCutAndEarlierOnesSurvive()
    {
        await WriteAsync("first", "second", "third-record");
        var length = new FileInfo(_path).Length;
        using (var f = new FileStream(_path, FileMode.Open))
            f.SetLength(length - 3);
        CollectionAssert.AreEqual(new[] { "first", "second" }, Reopen(out var truncated));
        Assert.IsTrue(truncated);
        await WriteAsync("fourth");
        CollectionAssert.AreEqual(new[] { "first", "second", "fourth" }, Reopen(out _));
    }

    [TestMethod]
    public async Task ACorruptRecordInTheMiddleStopsTheReaderWithAClearError()
    {
        await WriteAsync("first", "second", "third");
        var bytes = await File.ReadAllBytesAsync(_path);
        bytes[16 + 5 + 16 + 2] ^= 0xFF; // a payload byte of "second"
        await File.WriteAllBytesAsync(_path, bytes);
        var e = Assert.ThrowsException<InvalidDataException>(() => RecordLog.Open(_path));
        StringAssert.Contains(e.Message, "corrupt record at offset 21");
    }
}
