using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OceanClassic.Common.Tests.Repository;

// Which of its role's namespaces each namespace's code uses, read from the syntax (Roslyn, no
// compilation): `using` directives, names written in full (`OceanClassic.X.Y.Type`), and simple type
// names that C# finds in an enclosing namespace without any `using` (a file in A.B.C sees A.B's and
// A's types first). The last kind is what a reading of `using` lines alone misses. A simple name counts
// as a type when an enclosing namespace declares a type of that name; a property or local of the same
// name would count too (the message names the files and the names, so such a case is easy to see).
internal static class FolderImports
{
    public static Dictionary<string, Dictionary<string, string>> Edges(string root, string role)
    {
        var files = Directory.EnumerateFiles(Path.Combine(root, role), "*.cs", SearchOption.AllDirectories)
            .Where(f => !RepositoryTree.IsBuildOutput(root, f))
            .Select(f => (Path: Path.GetRelativePath(root, f), Tree: CSharpSyntaxTree.ParseText(File.ReadAllText(f))))
            .Select(f => (f.Path, Root: f.Tree.GetCompilationUnitRoot(), Namespace: NamespaceOf(f.Tree.GetCompilationUnitRoot())))
            .Where(f => f.Namespace is not null)
            .ToList();
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (_, unit, ns) in files)
        {
            if (!types.TryGetValue(ns!, out var declared))
                types[ns!] = declared = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Members))
            {
                if (member is BaseTypeDeclarationSyntax type)
                    declared.Add(type.Identifier.Text);
                else if (member is DelegateDeclarationSyntax del)
                    declared.Add(del.Identifier.Text);
            }
        }
        var namespaces = types.Keys.ToHashSet(StringComparer.Ordinal);

        // from -> (to -> every file and name that made the edge, in the order found)
        var reasons = new Dictionary<string, Dictionary<string, List<(string Path, string Name)>>>(StringComparer.Ordinal);
        foreach (var (path, unit, ns) in files)
        {
            var from = ns!;
            if (!reasons.TryGetValue(from, out var targets))
                reasons[from] = targets = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
            void Add(string? to, string why)
            {
                if (to is null || to == from)
                    return;
                if (!targets.TryGetValue(to, out var list))
                    targets[to] = list = [];
                if (!list.Contains((path, why)))
                    list.Add((path, why));
            }
            var imported = new List<string>();
            foreach (var use in unit.DescendantNodes().OfType<UsingDirectiveSyntax>())
            {
                if (use.NamespaceOrType is not { } target)
                    continue;
                Add(LongestNamespaceOf(Text(target), namespaces), "using " + Text(target));
                if (use.Alias is null && types.ContainsKey(Text(target)))
                    imported.Add(Text(target));
            }
            foreach (var node in unit.DescendantNodes().Where(n => !IsInUsingOrNamespaceName(n)))
            {
                if (node is QualifiedNameSyntax or MemberAccessExpressionSyntax && IsOutermostFullName(node))
                {
                    Add(LongestNamespaceOf(Text(node), namespaces), Text(node));
                }
                else if (node is SimpleNameSyntax name && IsStandalone(name))
                {
                    var enclosing = EnclosingNamespaceDeclaring(name.Identifier.Text, from, types);
                    Add(enclosing, name.Identifier.Text);
                    // Only to say which names a `using` brings (its edge is there already).
                    foreach (var usingNs in imported.Where(u => enclosing is null && types[u].Contains(name.Identifier.Text)))
                        Add(usingNs, name.Identifier.Text);
                }
            }
        }
        return reasons.ToDictionary(
            r => r.Key,
            r => r.Value.ToDictionary(t => t.Key, t => Describe(t.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    // The first file and name that made an edge, then every other name with the files that use it (a
    // `using` line is named only when no name is seen), so a circle's message says what to move.
    private static string Describe(List<(string Path, string Name)> reasons)
    {
        var names = reasons.Where(r => !r.Name.StartsWith("using ", StringComparison.Ordinal)).ToList();
        if (names.Count == 0)
            names = reasons;
        var (firstPath, firstName) = names[0];
        var others = names.Skip(1)
            .GroupBy(r => r.Name, StringComparer.Ordinal)
            .Select(g => $"{g.Key} in {string.Join(", ", g.Select(r => Path.GetFileName(r.Path)).Distinct())}")
            .ToList();
        return others.Count == 0 ? $"{firstPath}: {firstName}" : $"{firstPath}: {firstName}; also {string.Join("; ", others)}";
    }

    public static string? LongestNamespaceOf(string name, HashSet<string> namespaces)
    {
        string? best = null;
        foreach (var ns in namespaces)
        {
            if ((name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal)) && (best is null || ns.Length > best.Length))
                best = ns;
        }
        return best;
    }

    private static bool IsInUsingOrNamespaceName(SyntaxNode node) =>
        node.AncestorsAndSelf().Any(a => a is UsingDirectiveSyntax || (a.Parent is BaseNamespaceDeclarationSyntax declaration && declaration.Name == a));

    private static string? NamespaceOf(CompilationUnitSyntax unit) =>
        unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();

    private static string Text(SyntaxNode node) => string.Concat(node.ToString().Where(c => !char.IsWhiteSpace(c)));

    // `OceanClassic.X.Y.Type` (as a type name or the start of a member access), not a part of a longer one.
    private static bool IsOutermostFullName(SyntaxNode node) =>
        Text(node).StartsWith("OceanClassic.", StringComparison.Ordinal)
        && node.Parent is not QualifiedNameSyntax
        && !(node.Parent is MemberAccessExpressionSyntax parent && parent.Expression == node && Text(parent).StartsWith("OceanClassic.", StringComparison.Ordinal));

    // A name looked up in scope: not the member part of `x.Name` or `A.Name`, not an argument's or
    // initializer's label.
    private static bool IsStandalone(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == name,
        QualifiedNameSyntax qualified => qualified.Left == name,
        MemberBindingExpressionSyntax => false,
        NameColonSyntax or NameEqualsSyntax => false,
        _ => true,
    };

    // The innermost namespace enclosing `from` (itself included) that declares a type `name`.
    private static string? EnclosingNamespaceDeclaring(string name, string from, Dictionary<string, HashSet<string>> types)
    {
        for (var ns = from; ns.Length > 0; ns = ns.LastIndexOf('.') is var dot and > 0 ? ns[..dot] : "")
        {
            if (types.TryGetValue(ns, out var declared) && declared.Contains(name))
                return ns;
        }
        return null;
    }
}
