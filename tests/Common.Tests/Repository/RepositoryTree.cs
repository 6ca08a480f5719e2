namespace OceanClassic.Common.Tests.Repository;

// The repository the tests were built from, for the tests that read its files: its root (the folder
// holding OceanClassic.sln) and which files are build or run output rather than the source tree.
internal static class RepositoryTree
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OceanClassic.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OceanClassic.sln not found above " + AppContext.BaseDirectory);
    }

    public static bool IsBuildOutput(string root, string file)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "node_modules" or ".git" or "run");
    }
}
