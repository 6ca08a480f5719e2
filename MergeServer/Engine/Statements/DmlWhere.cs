using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// The WHERE of an UPDATE or DELETE: its uncorrelated subqueries run first (their results become
// literals, so the rest still goes to the ChunkServers as key ranges and filter); conjuncts holding a
// correlated subquery are kept back and tested here on each row read.
public static class DmlWhere
{
    public static async ValueTask<(BoundExpr? Pushed, RowPredicate? Local)> BindAsync(Expr? where, IBindScope scope, StatementContext context)
    {
        if (where is null)
            return (null, null);
        if (SubqueryFolder.Find(where).Any())
            await SubqueryFolder.FoldAsync([where], context);
        var bound = context.Binder.Bind(where, scope, "where clause");
        if (!BoundExprs.HasSubquery(bound))
            return (bound, null);
        var parts = Conjuncts.Split(bound);
        return (Conjuncts.Join([.. parts.Where(p => !BoundExprs.HasSubquery(p))]),
            new RowPredicate(Conjuncts.Join([.. parts.Where(BoundExprs.HasSubquery)])));
    }

    public static async ValueTask<List<ObObj[]>> FilterAsync(List<ObObj[]> rows, RowPredicate? local, StatementContext context)
    {
        if (local is null)
            return rows;
        var kept = new List<ObObj[]>(rows.Count);
        foreach (var row in rows)
        {
            if (await local.TestAsync(row, context))
                kept.Add(row);
        }
        return kept;
    }
}
