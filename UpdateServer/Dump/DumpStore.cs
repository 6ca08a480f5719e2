using System.Globalization;
using OceanClassic.Common.Storage;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Dump;

// <data_dir>/dump/: each dump is <log seq>.sst plus <log seq>.manifest, named by the replay point
// (zero-padded, so name order is age order). The newest manifest is the replay point. The one
// before it is kept with the log after it, so a returning master that must cut its log below the
// newest dump (TruncateAfter) still has a dump and a log to rebuild from; older ones, and the log
// files before the older dump, are deleted.
public static class DumpStore
{
    public const string DirectoryName = "dump";
    private const string ManifestExtension = ".manifest";
    private const string SSTableExtension = ".sst";
    private const int Kept = 2;

    public static string DirectoryOf(string dataDir) => Path.Combine(dataDir, DirectoryName);

    public static string SSTablePath(string dataDir, ulong logSequence) =>
        Path.Combine(DirectoryOf(dataDir), Name(logSequence) + SSTableExtension);

    // The newest dump, loaded; null when there is none. Damage throws DumpCorruptException.
    public static async Task<(DumpManifest Manifest, MemTable.MemTable MemTable)?> LoadNewestAsync(string dataDir, CancellationToken ct)
    {
        var manifests = Manifests(dataDir);
        if (manifests.Count == 0)
            return null;
        var file = manifests[^1];
        DumpManifest manifest;
        try
        {
            manifest = DumpManifest.Decode(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false));
        }
        catch (FormatException ex)
        {
            throw new DumpCorruptException($"dump manifest {file} is damaged ({ex.Message}); the UpdateServer will not start from a dump it cannot trust", ex);
        }
        var sstable = Path.Combine(DirectoryOf(dataDir), manifest.SSTableFile);
        try
        {
            var memTable = await MemTableDumpLoader.LoadAsync(sstable, manifest, ct).ConfigureAwait(false);
            return (manifest, memTable);
        }
        catch (Exception ex) when (ex is SSTableCorruptException or FileNotFoundException or FormatException)
        {
            throw new DumpCorruptException($"dump {sstable} is damaged ({ex.Message}); the UpdateServer will not start from a dump it cannot trust", ex);
        }
    }

    // After the SSTable is durable: the manifest makes it the replay point.
    public static async Task CommitAsync(string dataDir, DumpManifest manifest, CancellationToken ct)
    {
        var path = Path.Combine(DirectoryOf(dataDir), Name(manifest.LogSequence) + ManifestExtension);
        await DurableFile.WriteAtomicAsync(path, manifest.Encode(), ct).ConfigureAwait(false);
    }

    // Deletes dumps older than the kept ones, unreferenced files (a dump cut short by a crash) and
    // the log files wholly before the oldest kept dump. Returns how many log files went.
    public static int Prune(string dataDir, string logDirectory)
    {
        var manifests = Manifests(dataDir);
        var keep = manifests.Skip(Math.Max(0, manifests.Count - Kept)).Select(SequenceOf).ToHashSet();
        foreach (var file in Directory.GetFiles(DirectoryOf(dataDir)))
        {
            if (!TryParseSequence(file, out var seq) || !keep.Contains(seq) || file.EndsWith(".tmp", StringComparison.Ordinal))
                File.Delete(file);
        }
        PosixFile.SyncDirectory(DirectoryOf(dataDir));
        return keep.Count < Kept ? 0 : CommitLogFiles.DeleteBefore(logDirectory, keep.Min() + 1);
    }

    // The newest dump's replay point and manifest file, or null.
    public static (ulong LogSequence, string ManifestPath, string SSTablePath)? Newest(string dataDir)
    {
        var manifests = Manifests(dataDir);
        if (manifests.Count == 0)
            return null;
        var seq = SequenceOf(manifests[^1]);
        return (seq, manifests[^1], SSTablePath(dataDir, seq));
    }

    // A backup installs a copied dump as its only state: every own dump and log file goes (its
    // log ended before the dump's point, so nothing there is newer), then the copy becomes newest.
    public static async Task InstallAsync(string dataDir, string logDirectory, byte[] manifestBytes, string copiedSSTable, CancellationToken ct)
    {
        var manifest = DumpManifest.Decode(manifestBytes);
        var dir = DirectoryOf(dataDir);
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(dir))
        {
            if (file != copiedSSTable)
                File.Delete(file);
        }
        if (Directory.Exists(logDirectory))
        {
            foreach (var file in CommitLogFiles.ListInOrder(logDirectory))
                File.Delete(file);
            PosixFile.SyncDirectory(logDirectory);
        }
        File.Move(copiedSSTable, Path.Combine(dir, manifest.SSTableFile), overwrite: true);
        await CommitAsync(dataDir, manifest, ct).ConfigureAwait(false);
    }

    // A returning master cut its log after `lastKept`: a dump past that point holds writes the
    // new master never had, so it goes too.
    public static void DiscardAfter(string dataDir, ulong lastKept)
    {
        foreach (var file in Manifests(dataDir))
        {
            if (SequenceOf(file) > lastKept)
            {
                File.Delete(file);
                File.Delete(Path.ChangeExtension(file, SSTableExtension));
            }
        }
        if (Directory.Exists(DirectoryOf(dataDir)))
            PosixFile.SyncDirectory(DirectoryOf(dataDir));
    }

    private static List<string> Manifests(string dataDir)
    {
        var dir = DirectoryOf(dataDir);
        if (!Directory.Exists(dir))
            return [];
        var files = Directory.GetFiles(dir, "*" + ManifestExtension).Where(f => TryParseSequence(f, out _)).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string Name(ulong logSequence) => logSequence.ToString("D20", CultureInfo.InvariantCulture);

    private static ulong SequenceOf(string file) => TryParseSequence(file, out var seq) ? seq : 0;

    private static bool TryParseSequence(string file, out ulong seq)
    {
        var name = Path.GetFileName(file);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        seq = 0;
        return dot == 20 && ulong.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}

public sealed class DumpCorruptException : IOException
{
    public DumpCorruptException() { }
    public DumpCorruptException(string message) : base(message) { }
    public DumpCorruptException(string message, Exception inner) : base(message, inner) { }
}
