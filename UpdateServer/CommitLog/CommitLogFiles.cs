using System.Globalization;

namespace OceanClassic.UpdateServer.CommitLog;

// Log files live in <data_dir>/commitlog/, named by the sequence of their first entry
// (zero-padded, so name order is log order).
public static class CommitLogFiles
{
    public const string DirectoryName = "commitlog";
    private const string Extension = ".log";

    public static string FileName(ulong firstSequence) =>
        firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static IReadOnlyList<string> ListInOrder(string directory)
    {
        if (!Directory.Exists(directory))
            return [];
        var files = Directory.GetFiles(directory, "*" + Extension);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public static ulong FirstSequenceOf(string file) =>
        ulong.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);

    // Deletes the files every entry of which precedes `firstNeeded` (a file ends where the next
    // begins; the newest file, being written, always stays). Returns how many went.
    public static int DeleteBefore(string directory, ulong firstNeeded)
    {
        var files = ListInOrder(directory);
        var deleted = 0;
        for (var i = 0; i + 1 < files.Count && FirstSequenceOf(files[i + 1]) <= firstNeeded; i++)
        {
            File.Delete(files[i]);
            deleted++;
        }
        return deleted;
    }
}
