using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Planning;

// Execution's way to a correlated subquery's value (Session/ICorrelatedSubqueries): SubqueryRunner
// plans it for the row and runs it.
public sealed class PlannedCorrelatedSubqueries : ICorrelatedSubqueries
{
    public ValueTask<ObObj> EvaluateAsync(BoundExpr expr, ObObj[] row, StatementContext context) =>
        SubqueryRunner.EvaluateAsync(expr, row, context);
}
