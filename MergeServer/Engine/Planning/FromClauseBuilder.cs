using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// Turns FROM's table references into leaves and a join tree: tables and system views by name, derived
// tables planned on their own (they cannot see the enclosing query), comma lists as cross joins. Checks
// MySQL's rules on names (1066 for a repeated alias, 1054 for a USING column one side lacks, 1060 for
// a derived table with two columns of one name) and binds the ON / USING conditions.
public sealed class FromClause
{
    public required IReadOnlyList<FromLeaf> Leaves { get; init; }

    public required FromNode Root { get; init; }

    public int Width => Leaves.Count == 0 ? 0 : Leaves[^1].Offset + Leaves[^1].Width;

    public ResultType TypeOf(int position)
    {
        var leaf = LeafAt(position);
        return leaf.ColumnTypes[position - leaf.Offset] with { NotNull = false };
    }

    public FromLeaf LeafAt(int position)
    {
        for (var i = Leaves.Count - 1; i >= 0; i--)
        {
            if (position >= Leaves[i].Offset)
                return Leaves[i];
        }
        throw new ArgumentOutOfRangeException(nameof(position));
    }

    // The columns `*` stands for below node, in MySQL's order: USING / NATURAL columns once, first; a
    // RIGHT JOIN lists its right side before its left.
    public static List<(FromLeaf Leaf, int Index)> Visible(FromNode node)
    {
        if (node is LeafNode { Leaf: var leaf })
            return [.. Enumerable.Range(0, leaf.Width).Select(i => (leaf, i))];
        var join = (JoinNode)node;
        var (first, second) = join.Kind == JoinKind.Right ? (join.Right, join.Left) : (join.Left, join.Right);
        if (join.Using.Count == 0)
            return [.. Visible(join.Left), .. Visible(join.Right)];
        var result = new List<(FromLeaf, int)>();
        foreach (var name in join.Using)
        {
            var (l, i, _) = FromScope.Resolve(join, name);
            result.Add((l!, i));
        }
        bool IsUsing((FromLeaf Leaf, int Index) c) =>
            join.Using.Any(u => string.Equals(u, c.Leaf.ColumnNames[c.Index], StringComparison.OrdinalIgnoreCase));
        result.AddRange(Visible(first).Where(c => !IsUsing(c)));
        result.AddRange(Visible(second).Where(c => !IsUsing(c)));
        return result;
    }
}

public static class FromClauseBuilder
{
    // MariaDB's MAX_TABLES: one SELECT joins at most this many tables (a derived table counts as one).
    public const int MaxJoinTables = 61;

    public static async ValueTask<FromClause> BuildAsync(IReadOnlyList<TableReference> from, StatementContext context)
    {
        if (from.Sum(CountTables) > MaxJoinTables)
            throw SqlError.FromCode(ErrorCodes.TooManyTables, $"Too many tables; MariaDB can only use {MaxJoinTables} tables in a join");
        var leaves = new List<FromLeaf>();
        FromNode? root = null;
        foreach (var reference in from)
        {
            var node = await BuildNodeAsync(reference, leaves, context);
            root = root is null ? node : new JoinNode(root, JoinKind.Cross, node);
        }
        return new FromClause { Leaves = leaves, Root = root! };
    }

    private static int CountTables(TableReference reference) =>
        reference is JoinedTable join ? CountTables(join.Left) + CountTables(join.Right) : 1;

    // The ON and USING conditions of every join below node, as conjuncts, each with the join it belongs to.
    public static List<(JoinNode Join, BoundExpr Conjunct)> BindConditions(FromClause from, IBindScope? outer, ExprBinder binder)
    {
        var result = new List<(JoinNode, BoundExpr)>();
        Collect(from.Root);
        return result;

        void Collect(FromNode node)
        {
            if (node is not JoinNode join)
                return;
            Collect(join.Left);
            Collect(join.Right);
            foreach (var name in join.Using)
            {
                var (ll, li, _) = FromScope.Resolve(join.Left, name);
                var (rl, ri, _) = FromScope.Resolve(join.Right, name);
                ll!.Used.Add(li);
                rl!.Used.Add(ri);
                result.Add((join, new BoundBinary(BinaryOp.Eq, new BoundColumn(ll.Offset + li), new BoundColumn(rl.Offset + ri))));
            }
            if (join.On is not null)
            {
                var on = binder.Bind(join.On, new FromScope(from.Leaves, join, outer), "on clause");
                foreach (var conjunct in Conjuncts.Split(on))
                    result.Add((join, conjunct));
            }
        }
    }

    private static async ValueTask<FromNode> BuildNodeAsync(TableReference reference, List<FromLeaf> leaves, StatementContext context)
    {
        switch (reference)
        {
            case JoinedTable joined:
                {
                    var left = await BuildNodeAsync(joined.Left, leaves, context);
                    var right = await BuildNodeAsync(joined.Right, leaves, context);
                    var join = new JoinNode(left, joined.Kind, right) { On = joined.On };
                    if (joined.Natural)
                        join.Using = NaturalColumns(left, right);
                    else if (joined.Using is not null)
                        join.Using = CheckUsing(joined.Using, left, right);
                    return join;
                }
            case TableSource source:
                return new LeafNode(Add(leaves, await LeafOfAsync(source, leaves, context)));
            case DerivedTable derived:
                {
                    var plan = await QueryPlanner.PlanAsync(derived.Query, context, outer: null);
                    var names = plan.Columns.Select(c => c.Name).ToList();
                    var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
                    if (duplicate is not null)
                        throw SqlError.FromCode(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{duplicate.Key}'");
                    CheckUnique(leaves, derived.Alias, null);
                    return new LeafNode(Add(leaves, new FromLeaf
                    {
                        Name = derived.Alias,
                        ColumnNames = names,
                        ColumnTypes = [.. plan.Columns.Select(c => new ResultType(c.Type, c.Length, c.Decimals, c.Unsigned, c.NotNull))],
                        Derived = plan,
                    }));
                }
            default:
                throw BindErrors.NotSupported(reference.ToSql());
        }
    }

    private static FromLeaf Add(List<FromLeaf> leaves, FromLeaf leaf)
    {
        var placed = new FromLeaf
        {
            Name = leaf.Name,
            Database = leaf.Database,
            ColumnNames = leaf.ColumnNames,
            ColumnTypes = leaf.ColumnTypes,
            Table = leaf.Table,
            View = leaf.View,
            Derived = leaf.Derived,
            Index = leaves.Count,
            Offset = leaves.Count == 0 ? 0 : leaves[^1].Offset + leaves[^1].Width,
        };
        leaves.Add(placed);
        return placed;
    }

    private static async ValueTask<FromLeaf> LeafOfAsync(TableSource source, List<FromLeaf> leaves, StatementContext context)
    {
        var name = source.Alias ?? source.Name.Name;
        if (SystemViewRegistry.Find(source.Name.Schema ?? context.Session.CurrentDatabase, source.Name.Name) is { } view)
        {
            context.MarkTablesUsed();
            AccessCheck.RequireSystemView(context, source.Name.Schema ?? context.Session.CurrentDatabase);
            var database = source.Alias is null ? source.Name.Schema ?? context.Session.CurrentDatabase : null;
            CheckUnique(leaves, name, database);
            return new FromLeaf
            {
                Name = name,
                Database = database,
                ColumnNames = [.. view.Schema.Columns.Select(c => c.Name)],
                ColumnTypes = [.. view.Schema.Columns.Select(ResultType.OfColumn)],
                View = view,
            };
        }
        var table = await context.ResolveTableAsync(source.Name);
        var db = source.Alias is null ? table.Database : null;
        CheckUnique(leaves, name, db);
        return new FromLeaf
        {
            Name = name,
            Database = db,
            ColumnNames = [.. table.Columns.Select(c => c.Name)],
            ColumnTypes = [.. table.Columns.Select(ResultType.OfColumn)],
            Table = table,
        };
    }

    private static void CheckUnique(List<FromLeaf> leaves, string name, string? database)
    {
        if (leaves.Any(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)
                            && string.Equals(l.Database, database, StringComparison.OrdinalIgnoreCase)))
            throw SqlError.FromCode(ErrorCodes.NonUniqTable, $"Not unique table/alias: '{name}'");
    }

    private static List<string> NaturalColumns(FromNode left, FromNode right)
    {
        var rightNames = FromClause.Visible(right).Select(c => c.Leaf.ColumnNames[c.Index]).ToList();
        return [.. FromClause.Visible(left).Select(c => c.Leaf.ColumnNames[c.Index])
            .Where(n => rightNames.Contains(n, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static List<string> CheckUsing(IReadOnlyList<string> names, FromNode left, FromNode right)
    {
        foreach (var name in names)
        {
            var l = FromScope.Resolve(left, name);
            var r = FromScope.Resolve(right, name);
            if (l.Ambiguous || r.Ambiguous)
                throw SqlError.FromCode(ErrorCodes.NonUniq, $"Column '{name}' in from clause is ambiguous");
            if (l.Leaf is null || r.Leaf is null)
                throw SqlError.FromCode(ErrorCodes.BadField, $"Unknown column '{name}' in 'from clause'");
        }
        return [.. names];
    }
}
