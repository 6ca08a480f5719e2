using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OceanClassic.Common.Tests.Repository;

// Servers go down asynchronously: what owns background work is IAsyncDisposable and awaits it, so no
// synchronous Dispose in the roles or the shared libraries blocks a thread on a task (`.Wait()`,
// `.Result`, `.GetAwaiter().GetResult()`) or joins a thread. Read from the syntax (Roslyn, no compilation).
[TestClass]
public sealed class AsyncDisposalTests
{
    private static readonly string[] ServerFolders = ["Common", "RootServer", "UpdateServer", "ChunkServer", "MergeServer"];

    [TestMethod]
    public void NoSynchronousDisposeInTheServersBlocksOnATaskOrAThread()
    {
        var root = RepositoryTree.Root();
        var blocking = ServerFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !RepositoryTree.IsBuildOutput(root, f))
            .SelectMany(f => BlockingDisposes(Path.GetRelativePath(root, f), File.ReadAllText(f)))
            .ToList();
        Assert.IsEmpty(blocking, "Dispose methods that block: " + string.Join(", ", blocking));
    }

    [TestMethod]
    public void TheSearchSeesAWaitAResultAndAJoinInADispose()
    {
        const string code = """
            class A { public void Dispose() { _loop.Wait(); } }
            class B { public void Dispose() => _ = _loop.Result; }
            class C { void System.IDisposable.Dispose() { _thread.Join(); } }
            class D { public void Dispose() { _log(string.Join(",", _names)); } public async System.Threading.Tasks.ValueTask DisposeAsync() => await _loop; }
            """;
        CollectionAssert.AreEqual(new[] { "x.cs: A.Dispose", "x.cs: B.Dispose", "x.cs: C.Dispose" }, BlockingDisposes("x.cs", code).ToArray());
    }

    private static IEnumerable<string> BlockingDisposes(string path, string text) =>
        CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot()
            .DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Identifier.Text == "Dispose" && m.ParameterList.Parameters.Count == 0)
            .Where(m => (((SyntaxNode?)m.Body ?? m.ExpressionBody)?.DescendantNodes() ?? []).OfType<MemberAccessExpressionSyntax>()
                .Any(Blocks))
            .Select(m => $"{path}: {((TypeDeclarationSyntax)m.Parent!).Identifier.Text}.Dispose");

    // x.Wait(), x.Result, x.GetAwaiter().GetResult(), thread.Join(); string.Join only builds a string.
    private static bool Blocks(MemberAccessExpressionSyntax access) => access.Name.Identifier.Text switch
    {
        "Wait" or "Result" or "GetResult" => true,
        "Join" => access.Expression.ToString() is not ("string" or "String" or "Path"),
        _ => false,
    };
}
