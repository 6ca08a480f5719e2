using System.Xml.Linq;

namespace OceanClassic.Common.Tests.Repository;

// References point one way. The shared libraries under Common/ are layers: each project may reference
// only the projects its row below names (so no cycle, and no server code reaches a client); a role
// references Common projects and never another role; ObClient and ObAdmin take no server-side project.
// Inside a role, no folder imports a folder that imports it back, directly or around a longer circle
// (FolderImports: by `using`, by a full name, or by a name C# finds in an enclosing namespace).
[TestClass]
public sealed class ProjectReferenceTests
{
    private static readonly string[] CommonProjects =
        ["Common.Core", "Common.Wire", "Common.Rpc", "Common.RpcServer", "Common.MySql", "Common.Expr", "Common.Storage", "Common.Hosting"];

    // Every project outside tests/ and what it may reference. A new project must be added here.
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Common.Core"] = [],
        ["Common.Wire"] = ["Common.Core"],
        ["Common.Rpc"] = ["Common.Wire", "Common.Core"],
        ["Common.RpcServer"] = ["Common.Rpc", "Common.Wire", "Common.Core"],
        ["Common.MySql"] = ["Common.Core"],
        ["Common.Expr"] = ["Common.Core"],
        ["Common.Storage"] = ["Common.Wire", "Common.Core"],
        ["Common.Hosting"] = ["Common.RpcServer", "Common.Rpc", "Common.Wire", "Common.Core"],
        ["RootServer"] = CommonProjects,
        ["UpdateServer"] = CommonProjects,
        ["ChunkServer"] = CommonProjects,
        ["MergeServer"] = CommonProjects,
        // Sessions are MySqlConnector's; the client takes only the RPC it needs to ask the RootServer.
        ["ObClient"] = ["Common.Rpc", "Common.Wire", "Common.Core"],
        ["ObAdmin"] = ["ObClient", "Common.Rpc", "Common.Wire", "Common.Core"],
        // The scaling report tool (scripts/tools) reads a CSV and draws charts: none of ours.
        ["ScaleReport"] = [],
        // The Jepsen-style checker (scripts/tools) drives a cluster over MySQL (MySqlConnector) and cluster.sh: none of ours.
        ["Jepsen"] = [],
    };

    // Only the projects that run a Kestrel server take ASP.NET Core.
    private static readonly string[] AspNetCoreAllowed =
        ["Common.RpcServer", "Common.Hosting", "RootServer", "UpdateServer", "ChunkServer", "MergeServer"];

    private static readonly string[] Roles = ["RootServer", "UpdateServer", "ChunkServer", "MergeServer", "ObClient"];

    [TestMethod]
    public void EveryProjectOutsideTheTestsReferencesOnlyTheProjectsItsLayerAllows()
    {
        var root = RepositoryTree.Root();
        var wrong = new List<string>();
        foreach (var project in SourceProjects(root))
        {
            var name = Path.GetFileNameWithoutExtension(project);
            if (!Allowed.TryGetValue(name, out var allowed))
            {
                wrong.Add($"{name} is not in the table of allowed references");
                continue;
            }
            foreach (var reference in References(project, "ProjectReference"))
            {
                var target = Path.GetFileNameWithoutExtension(reference.Replace('\\', '/'));
                if (!allowed.Contains(target))
                    wrong.Add($"{name} -> {target}");
            }
        }
        Assert.IsEmpty(wrong, "project references that point the wrong way: " + string.Join(", ", wrong));
    }

    [TestMethod]
    public void OnlyTheServerSideProjectsTakeAspNetCore()
    {
        var root = RepositoryTree.Root();
        var wrong = SourceProjects(root)
            .Where(p => References(p, "FrameworkReference").Contains("Microsoft.AspNetCore.App"))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !AspNetCoreAllowed.Contains(name))
            .ToList();
        Assert.IsEmpty(wrong, "projects that take ASP.NET Core without serving: " + string.Join(", ", wrong));
    }

    [TestMethod]
    public void TheSourceTreeHasEveryCommonProjectOfTheTable()
    {
        var names = SourceProjects(RepositoryTree.Root()).Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var missing = Allowed.Keys.Where(k => !names.Contains(k)).ToList();
        Assert.IsEmpty(missing, "projects in the table but not in the tree: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void NoFolderOfARoleImportsAFolderThatImportsItBack()
    {
        var root = RepositoryTree.Root();
        var found = Roles.SelectMany(role => FolderCycles(root, role)).ToList();
        Assert.IsEmpty(found, "folders that import each other in a circle:\n" + string.Join("\n", found.Select(f => f.Folders + "\n  " + f.Edges)));
    }

    [TestMethod]
    public void TheFolderCycleSearchFindsACircleAroundThreeFolders()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A", "D"],
            ["D"] = [],
        };
        var cycles = StronglyConnected(edges);
        Assert.AreEqual(1, cycles.Count);
        CollectionAssert.AreEqual(new[] { "A", "B", "C" }, cycles[0]);
    }

    [TestMethod]
    public void TheFolderCycleSearchSeesATypeFoundThroughAnEnclosingNamespaceWithoutAUsing()
    {
        var root = Directory.CreateTempSubdirectory("folder-imports-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Role", "Child"));
            File.WriteAllText(Path.Combine(root, "Role", "Host.cs"),
                "using OceanClassic.Role.Child;\nnamespace OceanClassic.Role;\npublic sealed class Host { public Worker W = new(); }\npublic static class Codes { public const int X = 1; }\n");
            File.WriteAllText(Path.Combine(root, "Role", "Child", "Worker.cs"),
                "namespace OceanClassic.Role.Child;\n// Host is named in this comment only.\npublic sealed class Worker { public int Code => Codes.X; public string Name => \"Host\"; }\n");

            var cycles = FolderCycles(root, "Role");

            Assert.AreEqual(1, cycles.Count);
            Assert.AreEqual("Role Role/Child", cycles[0].Folders);
            StringAssert.Contains(cycles[0].Edges, "Role/Child -> Role (Role/Child/Worker.cs: Codes)");
            StringAssert.Contains(cycles[0].Edges, "Role -> Role/Child (Role/Host.cs: Worker)");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // The circles among one role's folders, each as its folders ("Role/Sub/Folder") sorted and joined by
    // spaces, then the edges inside it with the file and name that made each.
    private static List<(string Folders, string Edges)> FolderCycles(string root, string role)
    {
        var edges = FolderImports.Edges(root, role);
        var graph = edges.ToDictionary(e => e.Key, e => e.Value.Keys.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        return StronglyConnected(graph)
            .Select(cycle => (
                string.Join(' ', cycle.Select(FolderOf).Order(StringComparer.Ordinal)),
                string.Join("; ", cycle.SelectMany(from => edges[from].Where(e => cycle.Contains(e.Key))
                    .Select(e => $"{FolderOf(from)} -> {FolderOf(e.Key)} ({e.Value})")))))
            .ToList();
    }

    private static string FolderOf(string ns) =>
        (ns.StartsWith("OceanClassic.", StringComparison.Ordinal) ? ns["OceanClassic.".Length..] : ns).Replace('.', '/');

    // Tarjan's strongly connected components of more than one node, each sorted.
    private static List<string[]> StronglyConnected(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string[]>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string top;
            do
            {
                top = stack.Pop();
                onStack.Remove(top);
                component.Add(top);
            }
            while (top != v);
            if (component.Count > 1)
                result.Add([.. component.Order(StringComparer.Ordinal)]);
        }

        foreach (var v in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
                Visit(v);
        }
        return result;
    }

    private static IEnumerable<string> SourceProjects(string root) =>
        Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !RepositoryTree.IsBuildOutput(root, p))
            .Where(p => !Path.GetRelativePath(root, p).StartsWith("tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private static List<string> References(string project, string element) =>
        XDocument.Load(project).Descendants(element)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .ToList();
}
