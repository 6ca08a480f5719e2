using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// Plans a SELECT over joined tables, derived tables or with correlated subqueries. Every clause binds
// over the joined row (FromScope); then each WHERE and ON conjunct is placed as low in the join tree as
// its meaning allows (ConjunctPlacer) — a conjunct on one table becomes that table's ChunkServer filter
// and key ranges — and JoinStrategyPlanner picks each join's operator. Conjuncts holding a correlated
// subquery stay where they are written (top-level filter, or their join's condition). A locking read
// locks every row read from each base table of the FROM (LeafRowSource).
public static class JoinSelectPlanner
{
    public static async ValueTask<SelectPlan> PlanAsync(SelectStatement select, StatementContext context, IBindScope? outer)
    {
        if (select.From.Count == 0)
        {
            var scope = outer ?? EmptyScope.Instance;
            var single = SelectClauses.Bind(select, ExpandStars(select.Items, null), scope, _ => Values.ResultType.Text, _ => null, context);
            return single.ToPlan(SingleRowSource.Instance, single.Where, select.Distinct, select.WithRollup);
        }

        var from = await FromClauseBuilder.BuildAsync(select.From, context);
        var fromScope = new FromScope(from.Leaves, from.Root, outer);
        var conditions = FromClauseBuilder.BindConditions(from, outer, context.Binder);
        var items = ExpandStars(select.Items, from);
        var clauses = SelectClauses.Bind(select, items, fromScope, from.TypeOf, p =>
        {
            var leaf = from.LeafAt(p);
            return (leaf.Name, leaf.Database ?? "");
        }, context);

        var where = Conjuncts.Split(clauses.Where);
        OuterJoinSimplifier.Simplify(from, [.. where.Where(c => !BoundExprs.HasSubquery(c))]);
        var topFilter = new List<BoundExpr>();
        foreach (var (join, conjunct) in conditions)
        {
            if (BoundExprs.HasSubquery(conjunct))
                join.Conditions.Add(conjunct);
            else
                ConjunctPlacer.PlaceCondition(conjunct, join, from);
        }
        foreach (var conjunct in where)
        {
            if (BoundExprs.HasSubquery(conjunct))
                topFilter.Add(conjunct);
            else
                ConjunctPlacer.PlaceFilter(conjunct, from.Root, from);
        }
        var source = JoinStrategyPlanner.Build(from, context, RowLockMode.Of(select));
        return clauses.ToPlan(source, Conjuncts.Join(topFilter), select.Distinct, select.WithRollup);
    }

    // `*` and `t.*` as qualified column references, in MySQL's order.
    private static List<SelectItem> ExpandStars(IReadOnlyList<SelectItem> items, FromClause? from)
    {
        var result = new List<SelectItem>();
        foreach (var item in items)
        {
            if (item.Expr is not StarExpr star)
            {
                result.Add(item);
                continue;
            }
            if (from is null)
                throw SqlError.FromCode(ErrorCodes.NoTablesUsed, "No tables used");
            if (star.Table is null)
            {
                result.AddRange(FromClause.Visible(from.Root).Where(c => !IsHiddenRowKey(c.Leaf, c.Index)).Select(c => Reference(c.Leaf, c.Index)));
                continue;
            }
            var leaf = from.Leaves.FirstOrDefault(l => FromScope.NameMatches(l, star.Table, star.Schema))
                       ?? throw SqlError.FromCode(ErrorCodes.BadTable, $"Unknown table '{star.Table}'");
            result.AddRange(Enumerable.Range(0, leaf.Width).Where(i => !IsHiddenRowKey(leaf, i)).Select(i => Reference(leaf, i)));
        }
        return result;
    }

    // A table without a PRIMARY KEY keeps its hidden rowkey out of SELECT *.
    private static bool IsHiddenRowKey(FromLeaf leaf, int index) => leaf.ColumnNames[index] == TableSchema.HiddenRowKeyName;

    private static SelectItem Reference(FromLeaf leaf, int index) =>
        new(new ColumnRef(leaf.Name, leaf.ColumnNames[index], leaf.Database));
}
