using System.Globalization;
using OceanClassic.Common.Storage;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Dump;

// <data_dir>/dump/: each dump is <log seq>.sst plus <log seq>.manifest, named by the replay point
// (zero-padded, so name order is age order). The newest manifest is the replay point; a delta
// needs the dumps it continues (DumpChain). The replay point before the newest is kept too, with
// its chain and the log after it, so a returning master that must cut its log below the newest
// dump (TruncateAfter) still has a dump and a log to rebuild from; every other dump, and the log
// files before that older replay point, are deleted.
public static class DumpStore
{
    public const string DirectoryName = "dump";
    private const string ManifestExtension = ".manifest";
    private const string SSTableExtension = ".sst";
    private const int KeptReplayPoints = 2;

    public static string DirectoryOf(string dataDir) => Path.Combine(dataDir, DirectoryName);

    public static string SSTablePath(string dataDir, ulong logSequence) =>
        Path.Combine(DirectoryOf(dataDir), Name(logSequence) + SSTableExtension);

    public static string ManifestPath(string dataDir, ulong logSequence) =>
        Path.Combine(DirectoryOf(dataDir), Name(logSequence) + ManifestExtension);

    // The newest dump with its chain loaded into one MemTable; null when there is none. Damage
    // throws DumpCorruptException.
    public static async Task<(IReadOnlyList<DumpManifest> Chain, MemTable.MemTable MemTable, TimeSpan Took)?> LoadNewestAsync(string dataDir, CancellationToken ct)
    {
        if (Newest(dataDir) is not { } newest)
            return null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var chain = await DumpChain.ReadAsync(dataDir, newest.LogSequence, ct).ConfigureAwait(false);
        var memTable = new MemTable.MemTable();
        foreach (var manifest in chain)
        {
            var sstable = Path.Combine(DirectoryOf(dataDir), manifest.SSTableFile);
            try
            {
                await MemTableDumpLoader.LoadAsync(sstable, manifest, memTable, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SSTableCorruptException or FileNotFoundException or FormatException)
            {
                throw new DumpCorruptException($"dump {sstable} is damaged ({ex.Message}); the UpdateServer will not start from a dump it cannot trust", ex);
            }
        }
        return (chain, memTable, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    // After the SSTable is durable: the manifest makes it the replay point.
    public static async Task CommitAsync(string dataDir, DumpManifest manifest, CancellationToken ct)
    {
        await DurableFile.WriteAtomicAsync(ManifestPath(dataDir, manifest.LogSequence), manifest.Encode(), ct).ConfigureAwait(false);
    }

    // Deletes the dumps no kept replay point needs, unreferenced files (a dump cut short by a
    // crash) and the log files wholly before the older kept replay point. Returns how many log
    // files went.
    public static async Task<int> PruneAsync(string dataDir, string logDirectory, CancellationToken ct)
    {
        var heads = Manifests(dataDir).Select(SequenceOf).TakeLast(KeptReplayPoints).ToList();
        var keep = new HashSet<ulong>();
        foreach (var head in heads)
        {
            try
            {
                foreach (var manifest in await DumpChain.ReadAsync(dataDir, head, ct).ConfigureAwait(false))
                    keep.Add(manifest.LogSequence);
            }
            catch (DumpCorruptException)
            {
                // Not this UPS's to repair here: keep every file, the next start reports it.
                return 0;
            }
        }
        foreach (var file in Directory.GetFiles(DirectoryOf(dataDir)))
        {
            if (!TryParseSequence(file, out var seq) || !keep.Contains(seq) || file.EndsWith(".tmp", StringComparison.Ordinal))
                File.Delete(file);
        }
        PosixFile.SyncDirectory(DirectoryOf(dataDir));
        return heads.Count < KeptReplayPoints ? 0 : CommitLogFiles.DeleteBefore(logDirectory, heads[0] + 1);
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

    // A backup installs a copied chain (base first) as its only state: every own dump and log
    // file goes (its log ended before the dump's point, so nothing there is newer), then the
    // copies are committed base first, so the newest manifest appears only over a whole chain.
    public static async Task InstallAsync(string dataDir, string logDirectory, IReadOnlyList<(byte[] Manifest, string SSTable)> chain, CancellationToken ct)
    {
        var dir = DirectoryOf(dataDir);
        Directory.CreateDirectory(dir);
        var copies = chain.Select(c => c.SSTable).ToHashSet();
        foreach (var file in Directory.GetFiles(dir))
        {
            if (!copies.Contains(file))
                File.Delete(file);
        }
        if (Directory.Exists(logDirectory))
        {
            foreach (var file in CommitLogFiles.ListInOrder(logDirectory))
                File.Delete(file);
            PosixFile.SyncDirectory(logDirectory);
        }
        foreach (var (manifestBytes, copied) in chain)
        {
            var manifest = DumpManifest.Decode(manifestBytes);
            if (Path.GetFileName(manifest.SSTableFile) != manifest.SSTableFile)
                throw new DumpCorruptException($"copied dump {manifest.LogSequence} names its SSTable {manifest.SSTableFile}");
            File.Move(copied, Path.Combine(dir, manifest.SSTableFile), overwrite: true);
            await CommitAsync(dataDir, manifest, ct).ConfigureAwait(false);
        }
    }

    // A returning master cut its log after `lastKept`: a dump past that point holds writes the
    // new master never had, so it goes too (the dumps an older one continues are all older).
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
