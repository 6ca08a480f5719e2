using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OceanClassic.Common.Tests.Repository;

// One test-name style across the suite: a test says what it shows as a sentence in PascalCase
// (ADeltaWhoseEarlierDumpIsMissingStopsTheStartNamingIt), never snake_case. Read from the syntax of every
// method that carries [TestMethod] or [DataTestMethod] under tests/ (Roslyn, no compilation).
[TestClass]
public sealed class TestNameTests
{
    [TestMethod]
    public void EveryTestMethodIsNamedAsAPascalCaseSentence()
    {
        var root = RepositoryTree.Root();
        var tests = TestMethods(Path.Combine(root, "tests"), root).ToList();
        var wrong = tests.Where(t => !IsPascalCaseSentence(t.Name)).Select(t => $"{t.Path}: {t.Name}").ToList();

        Assert.IsTrue(tests.Count > 900, "the search found too few tests to be the suite");
        Assert.IsEmpty(wrong, "test names that are not PascalCase sentences: " + string.Join(", ", wrong));
    }

    [TestMethod]
    public void TheNameCheckRefusesSnakeCaseAndOneWordNames()
    {
        Assert.IsTrue(IsPascalCaseSentence("ADeltaWhoseEarlierDumpIsMissingStopsTheStartNamingIt"));
        Assert.IsTrue(IsPascalCaseSentence("UnknownUserGets1045"));
        Assert.IsFalse(IsPascalCaseSentence("unknown_user_gets_1045"));
        Assert.IsFalse(IsPascalCaseSentence("Unknown_User_Gets_1045"));
        Assert.IsFalse(IsPascalCaseSentence("unknownUserGets1045"));
        Assert.IsFalse(IsPascalCaseSentence("Parse"));
    }

    // Upper-case first, letters and digits only, and at least three words (a subject and what it does).
    private static bool IsPascalCaseSentence(string name) =>
        name.Length > 0 && char.IsAsciiLetterUpper(name[0]) && name.All(char.IsAsciiLetterOrDigit)
        && name.Count(char.IsAsciiLetterUpper) >= 3;

    private static IEnumerable<(string Path, string Name)> TestMethods(string folder, string root) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !RepositoryTree.IsBuildOutput(root, f))
            .SelectMany(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetCompilationUnitRoot()
                .DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Where(m => m.AttributeLists.SelectMany(a => a.Attributes).Any(a => a.Name.ToString() is "TestMethod" or "DataTestMethod"))
                .Select(m => (Path.GetRelativePath(root, f), m.Identifier.Text)));
}
