using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OceanClassic.Common.Tests.Repository;

// Benchmarks live in one place: the measuring code in tests/Benchmarks (run through scripts/bench.sh or
// `dotnet run --project tests/Benchmarks`), never as a test that times the machine inside a test project.
// Only that project takes BenchmarkDotNet, and no other C# file declares a benchmark method (this
// file, which spells the attribute's pattern, is not searched).
[TestClass]
public sealed partial class BenchmarkPlacementTests
{
    private static readonly string BenchmarksFolder = Path.Combine("tests", "Benchmarks");

    [TestMethod]
    public void OnlyTheBenchmarksProjectTakesBenchmarkDotNet()
    {
        var root = RepositoryTree.Root();
        var takers = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !RepositoryTree.IsBuildOutput(root, p))
            .Where(p => XDocument.Load(p).Descendants("PackageReference").Any(e => (string?)e.Attribute("Include") == "BenchmarkDotNet"))
            .Select(p => Path.GetRelativePath(root, p))
            .ToList();
        CollectionAssert.AreEqual(new[] { Path.Combine(BenchmarksFolder, "Benchmarks.csproj") }, takers);
    }

    [TestMethod]
    public void NoBenchmarkMethodLivesOutsideTheBenchmarksProject()
    {
        var root = RepositoryTree.Root();
        var outside = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !RepositoryTree.IsBuildOutput(root, f))
            .Where(f => !Path.GetRelativePath(root, f).StartsWith(BenchmarksFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "BenchmarkPlacementTests.cs")
            .Where(f => BenchmarkAttribute().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.IsEmpty(outside, "benchmarks outside tests/Benchmarks: " + string.Join(", ", outside));
    }

    [GeneratedRegex(@"\[(?:BenchmarkDotNet\.Attributes\.)?Benchmark(?:Attribute)?\s*[\](]")]
    private static partial Regex BenchmarkAttribute();
}
