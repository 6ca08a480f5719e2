using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Storage;
using static OceanClassic.Common.Tests.Storage.StorageRows;

namespace OceanClassic.Common.Tests.Storage;

[TestClass]
public sealed class SSTableCorruptionTests
{
    private const int RowCount = 3000;

    [TestMethod]
    [DataRow(SSTableCompressor.None)]
    [DataRow(SSTableCompressor.Deflate)]
    [DataRow(SSTableCompressor.Lz4)]
    [DataRow(SSTableCompressor.Zstd)]
    public async Task AFlippedByteInADataBlockFailsGetAndScanNamingTheFileAndBlock(SSTableCompressor compressor)
    {
        using var dir = new TempDir();
        var path = dir.File("t.sst");
        await WriteAsync(path, Enumerable.Range(0, RowCount).Select(i => Simple(i)), Tiny(compressor));
        int victim;
        long offset;
        int storedLength;
        byte[] keyInVictim;
        using (var reader = await SSTableReader.OpenAsync(path))
        {
            victim = reader.BlockCount / 2;
            var block = await reader.ReadBlockAsync(victim);
            keyInVictim = block.KeyAt(block.RowCount / 2).ToArray();
            (offset, storedLength) = BlockPlacement(reader, victim);
        }
        FlipByte(path, offset + (storedLength / 2));

        using var reopened = await SSTableReader.OpenAsync(path);
        var getError = await Assert.ThrowsExceptionAsync<SSTableCorruptException>(async () => await reopened.GetAsync(keyInVictim));
        StringAssert.Contains(getError.Message, path);
        StringAssert.Contains(getError.Message, $"data block {victim} at offset {offset}");
        Assert.AreEqual(victim, getError.BlockIndex);

        var rowsBefore = 0;
        var scanError = await Assert.ThrowsExceptionAsync<SSTableCorruptException>(async () =>
        {
            await foreach (var row in reopened.ScanAsync())
                rowsBefore++;
        });
        StringAssert.Contains(scanError.Message, $"data block {victim}");
        Assert.IsTrue(rowsBefore > 0 && rowsBefore < RowCount, "rows of healthy blocks came before the error");

        // Blocks elsewhere still read fine.
        Assert.IsNotNull(await reopened.GetAsync(Key(0)));
    }

    [TestMethod]
    public async Task ATruncatedFileIsRefusedAtOpenWithTheFileNamed()
    {
        using var dir = new TempDir();
        var path = dir.File("t.sst");
        await WriteAsync(path, Enumerable.Range(0, 500).Select(i => Simple(i)), Tiny());
        using (var stream = new FileStream(path, FileMode.Open))
            stream.SetLength(stream.Length - 40);
        var error = await Assert.ThrowsExceptionAsync<SSTableCorruptException>(() => SSTableReader.OpenAsync(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "trailer");

        using (var stream = new FileStream(path, FileMode.Open))
            stream.SetLength(10);
        error = await Assert.ThrowsExceptionAsync<SSTableCorruptException>(() => SSTableReader.OpenAsync(path));
        StringAssert.Contains(error.Message, "shorter than");
    }

    [TestMethod]
    public async Task ADamagedTrailerIndexOrBloomFilterIsRefusedAtOpen()
    {
        using var dir = new TempDir();
        var path = dir.File("t.sst");
        await WriteAsync(path, Enumerable.Range(0, 500).Select(i => Simple(i)), Tiny());
        var pristine = await File.ReadAllBytesAsync(path);
        var length = pristine.Length;

        async Task<string> OpenWithFlipAsync(long at)
        {
            await File.WriteAllBytesAsync(path, pristine);
            FlipByte(path, at);
            var e = await Assert.ThrowsExceptionAsync<SSTableCorruptException>(() => SSTableReader.OpenAsync(path));
            StringAssert.Contains(e.Message, path);
            return e.Message;
        }

        StringAssert.Contains(await OpenWithFlipAsync(length - 20), "trailer CRC mismatch");
        StringAssert.Contains(await OpenWithFlipAsync(length - SSTableTrailer.Size), "magic");
        var trailer = SSTableTrailer.Read(pristine.AsSpan(length - SSTableTrailer.Size), path, length);
        var (indexOffset, bloomOffset) = (trailer.IndexOffset, trailer.BloomOffset);
        StringAssert.Contains(await OpenWithFlipAsync(indexOffset + 3), "block index");
        StringAssert.Contains(await OpenWithFlipAsync(bloomOffset + 30), "bloom filter");
    }

    [TestMethod]
    public async Task AFileThatIsNotAnSstableIsRefused()
    {
        using var dir = new TempDir();
        var path = dir.File("junk.sst");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray());
        var error = await Assert.ThrowsExceptionAsync<SSTableCorruptException>(() => SSTableReader.OpenAsync(path));
        StringAssert.Contains(error.Message, "not an SSTable");
    }

    private static (long Offset, int Length) BlockPlacement(SSTableReader reader, int block)
    {
        // Placement comes from the file's own index (parsed independently of the reader).
        var bytes = File.ReadAllBytes(reader.Path);
        var trailer = SSTableTrailer.Read(bytes.AsSpan(bytes.Length - SSTableTrailer.Size), reader.Path, bytes.Length);
        var index = SSTableBlockIndex.Read(bytes.AsSpan((int)trailer.IndexOffset, (int)trailer.IndexLength));
        return (index[block].Offset, index[block].StoredLength);
    }

    private static void FlipByte(string path, long at)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = at;
        var b = stream.ReadByte();
        stream.Position = at;
        stream.WriteByte((byte)(b ^ 0x5A));
    }
}
