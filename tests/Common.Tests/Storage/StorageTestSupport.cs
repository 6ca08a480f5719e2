using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Tests.Storage;

// A scratch directory per test, deleted afterwards.
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "oc-sstable-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class StorageRows
{
    // Tiny blocks force many blocks (Voron style).
    public static SSTableWriterOptions Tiny(SSTableCompressor compressor = SSTableCompressor.None) =>
        new() { BlockSize = SSTableWriterOptions.MinBlockSize, Compressor = compressor };

    public static byte[] Key(long id) => RowKeyCodec.Encode([ObObj.FromInt(id), ObObj.FromString("k")]);

    public static SSTableRow Full(long id, params SSTableCell[] cells) => new(Key(id), SSTableRowKind.Full, cells);

    public static SSTableRow Simple(long id) =>
        Full(id, new SSTableCell(1, ObObj.FromInt(id)), new SSTableCell(2, ObObj.FromString("value-" + id)));

    public static async Task<SSTableInfo> WriteAsync(string path, IEnumerable<SSTableRow> rows, SSTableWriterOptions options)
    {
        await using var writer = SSTableWriter.Create(path, options);
        foreach (var row in rows)
            await writer.AddRowAsync(row);
        return await writer.FinishAsync();
    }

    public static async Task<List<SSTableRow>> ToListAsync(IAsyncEnumerable<SSTableRow> rows)
    {
        var list = new List<SSTableRow>();
        await foreach (var row in rows)
            list.Add(row);
        return list;
    }

    // Rows compare by their exact logical bytes (kind, column ids, value types and payloads).
    public static string Show(SSTableRow row) => Convert.ToHexString(SSTableRowCodec.Encode(row));

    public static void AssertSameRows(IReadOnlyList<SSTableRow> expected, IReadOnlyList<SSTableRow> actual, string context = "")
    {
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(expected.Count, actual.Count, $"row count {context}");
        for (var i = 0; i < expected.Count; i++)
            Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(Show(expected[i]), Show(actual[i]), $"row {i} {context}");
    }
}
