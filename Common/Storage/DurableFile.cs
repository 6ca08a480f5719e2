namespace OceanClassic.Common.Storage;

// DESIGN §4 durability: write to a temp name, fsync, rename over the target, fsync the directory,
// so a crash leaves either the old file or the new one, never a torn one.
public static class DurableFile
{
    public static async Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        PosixFile.SyncDirectory(dir);
    }
}
