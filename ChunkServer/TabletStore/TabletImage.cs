using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// The durable list of a ChunkServer's tablets: <data_dir>/tablets/tablet_image, written whole
// (temp name, fsync, rename, directory fsync) after every change, loaded at start. The file is
// [CRC-64 of the body (8 bytes)][JSON body]. SSTables the image does not name are leftovers of an
// interrupted merge and are deleted at start.
public static class TabletImage
{
    public const string FileName = "tablet_image";

    public sealed record Entry(
        [property: JsonPropertyName("table_id")] ulong TableId,
        [property: JsonPropertyName("range")] string Range,
        [property: JsonPropertyName("version")] ulong Version,
        [property: JsonPropertyName("sstable")] string? SSTable,
        [property: JsonPropertyName("row_count")] long RowCount,
        [property: JsonPropertyName("size_bytes")] long SizeBytes,
        [property: JsonPropertyName("checksum")] ulong Checksum)
    {
        public KeyRange KeyRange => KeyRange.Parser.ParseFrom(Convert.FromBase64String(Range));

        public static Entry From(Tablet t) =>
            new(t.TableId, Convert.ToBase64String(t.Range.ToByteArray()), t.Version, t.SSTable, t.RowCount, t.SizeBytes, t.Checksum);
    }

    public static async Task SaveAsync(string dir, IEnumerable<Tablet> tablets, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(tablets.Select(Entry.From).ToList());
        var file = new byte[8 + body.Length];
        BitConverter.TryWriteBytes(file, Crc64.Compute(body));
        body.CopyTo(file, 8);
        await DurableFile.WriteAtomicAsync(Path.Combine(dir, FileName), file, ct).ConfigureAwait(false);
    }

    // No image yet: no tablets. A damaged image is an error (never silently an empty ChunkServer).
    public static async Task<List<Entry>> LoadAsync(string dir, CancellationToken ct)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
            return [];
        var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        if (bytes.Length < 8 || BitConverter.ToUInt64(bytes, 0) != Crc64.Compute(bytes.AsSpan(8)))
            throw new InvalidDataException($"{path}: tablet image CRC mismatch");
        return JsonSerializer.Deserialize<List<Entry>>(bytes.AsSpan(8)) ?? [];
    }

    // Deletes files in dir that are neither the image nor an SSTable it names (temp files too).
    public static int DeleteUnreferenced(string dir, IEnumerable<string?> sstables)
    {
        var keep = sstables.Where(s => s is not null).ToHashSet(StringComparer.Ordinal);
        keep.Add(FileName);
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            if (!keep.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
                deleted++;
            }
        }
        return deleted;
    }
}
