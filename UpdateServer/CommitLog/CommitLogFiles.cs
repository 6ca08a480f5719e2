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
}
