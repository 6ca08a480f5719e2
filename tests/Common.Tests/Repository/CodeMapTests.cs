using System.Text.RegularExpressions;

namespace OceanClassic.Common.Tests.Repository;

// The repository explains itself without anything outside it: every path the README's "Code map"
// names exists, no source file, script or document points at a file beyond the repository root
// (the design lives in DESIGN.md, not in a folder a user who clones the project does not have), and
// every repository path they name is still there after files moved.
[TestClass]
public sealed partial class CodeMapTests
{
    [TestMethod]
    public void EveryPathInTheReadmeCodeMapExists()
    {
        var root = RepositoryTree.Root();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("## Code map", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, "README.md has no \"## Code map\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        var paths = CodePath().Matches(section).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.IsTrue(paths.Count >= 20, "the code map names too few paths to be the map");
        var missing = paths.Where(p => !File.Exists(Path.Combine(root, p)) && !Directory.Exists(Path.Combine(root, p))).ToList();
        Assert.IsEmpty(missing, "code map paths that do not exist: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void NothingInTheRepositoryPointsAtTheSharedFolderOutsideIt()
    {
        var root = RepositoryTree.Root();
        string[] extensions = [".cs", ".md", ".sh", ".py", ".json", ".proto", ".sql", ".js", ".pl"];
        var offenders = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)))
            .Where(f => !RepositoryTree.IsBuildOutput(root, f) && Path.GetFileName(f) != "CodeMapTests.cs")
            .Where(f => OutsideReference().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.IsEmpty(offenders, "files that cite something outside the repository: " + string.Join(", ", offenders));
    }

    // A comment, script or document that names a file of the repository names one that is there: a path
    // from a top-level folder (with or without ".cs" for a type's file, or a folder), not one a move left
    // behind. Placeholders (<area>, *) and build output (bin/, obj/) are not paths to check.
    [TestMethod]
    public void EveryRepositoryPathAFileNamesExists()
    {
        var root = RepositoryTree.Root();
        string[] extensions = [".cs", ".md", ".sh", ".py", ".proto", ".js", ".pl"];
        var dangling = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)) && !RepositoryTree.IsBuildOutput(root, f))
            .SelectMany(f => NamedPath().Matches(File.ReadAllText(f))
                .Select(m => m.Groups[1].Value.TrimEnd('.'))
                .Where(p => p.IndexOfAny(['*', '<', '>', '{', '}', '$']) < 0 && !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
                .Where(p => !File.Exists(Path.Combine(root, p)) && !File.Exists(Path.Combine(root, p + ".cs")) && !Directory.Exists(Path.Combine(root, p)))
                .Select(p => $"{Path.GetRelativePath(root, f)}: {p}"))
            .Distinct()
            .ToList();
        Assert.IsEmpty(dangling, "paths that name no file of the repository: " + string.Join(", ", dangling));
    }

    // A repository path anywhere in a text: a top-level folder, then at least one more part.
    [GeneratedRegex(@"(?<![\w/.$-])((?:Common|RootServer|UpdateServer|ChunkServer|MergeServer|ObClient|tests|scripts|docs)/[\w./*<>{}$-]*[\w/*>}])")]
    private static partial Regex NamedPath();

    // A backticked repository path in the map: starts with a top-level folder or is a root file.
    [GeneratedRegex(@"`((?:Common|RootServer|UpdateServer|ChunkServer|MergeServer|ObClient|tests|scripts)/[^`\s]*)`")]
    private static partial Regex CodePath();

    // A citation of the folder beside the repository that the project grew from (its design document,
    // style guide, the differential corpus contract and sources) or of an absolute path on the machine it
    // was written on; this file, which spells the pattern, is the one file not searched.
    [GeneratedRegex(@"\.\./shared/|shared/DESIGN\.md|shared/seeds|/work/|\bhelpers/|\b(?:CORPUS|STYLE|COMMON)\.md\b")]
    private static partial Regex OutsideReference();
}
