using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OceanClassic.Common.Tests.Repository;

// Every error number is written once: the catalogs (classes named *ErrorCodes or *WarningCodes: the
// wire's WireErrorCodes and RpcErrorCodes, the expression library's, the parser's, the MergeServer's
// MySQL mapping, and Core's SharedErrorCodes for the numbers both the wire and the expression library
// raise) give each number as a literal in one place, and a catalog that needs another's number
// refers to that constant. Read from the syntax (Roslyn, no compilation).
[TestClass]
public sealed class ErrorCodeCatalogTests
{
    private static readonly string[] SourceFolders = ["Common", "RootServer", "UpdateServer", "ChunkServer", "MergeServer", "ObClient"];

    [TestMethod]
    public void EveryErrorNumberIsWrittenAsALiteralInOneCatalogOnly()
    {
        var root = RepositoryTree.Root();
        var literals = SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !RepositoryTree.IsBuildOutput(root, f))
            .SelectMany(f => CatalogLiterals(File.ReadAllText(f)))
            .ToList();
        var twice = literals.GroupBy(l => l.Number)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" and ", g.Select(l => l.Name))}")
            .ToList();

        Assert.IsTrue(literals.Count > 100, "the search found too few error numbers to be the catalogs: " + literals.Count);
        Assert.IsEmpty(twice, "error numbers written twice: " + string.Join("; ", twice));
    }

    [TestMethod]
    public void TheSearchSeesALiteralAndIgnoresAReference()
    {
        const string code = """
            public static class WireErrorCodes { public const int Unknown = 1105; public const int Internal = -4000; }
            public static class ErrorCodes { public const int Unknown = WireErrorCodes.Unknown; public const int Deadlock = 1213; }
            public static class Limits { public const int MaxDepth = 1000; }
            """;
        CollectionAssert.AreEqual(
            new[] { (1105L, "WireErrorCodes.Unknown"), (-4000L, "WireErrorCodes.Internal"), (1213L, "ErrorCodes.Deadlock") },
            CatalogLiterals(code).ToArray());
    }

    private static IEnumerable<(long Number, string Name)> CatalogLiterals(string text) =>
        CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot()
            .DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Where(c => c.Identifier.Text.EndsWith("ErrorCodes", StringComparison.Ordinal) || c.Identifier.Text.EndsWith("WarningCodes", StringComparison.Ordinal))
            .SelectMany(c => c.Members.OfType<FieldDeclarationSyntax>()
                .Where(f => f.Modifiers.Any(m => m.Text == "const"))
                .SelectMany(f => f.Declaration.Variables)
                .Select(v => (Value: Literal(v.Initializer?.Value), Name: $"{c.Identifier.Text}.{v.Identifier.Text}"))
                .Where(v => v.Value is not null)
                .Select(v => (v.Value!.Value, v.Name)));

    private static long? Literal(ExpressionSyntax? value) => value switch
    {
        LiteralExpressionSyntax { Token.Value: int n } => n,
        PrefixUnaryExpressionSyntax { OperatorToken.Text: "-", Operand: LiteralExpressionSyntax { Token.Value: int n } } => -n,
        _ => null,
    };
}
