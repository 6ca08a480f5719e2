using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// How execution evaluates an expression that holds a correlated subquery for one row: the subquery is
// planned again with the row's outer values (Planning/SubqueryRunner), which the planner above this
// folder does; the engine hands execution that runner (SqlEngine.CorrelatedSubqueries).
public interface ICorrelatedSubqueries
{
    ValueTask<ObObj> EvaluateAsync(BoundExpr expr, ObObj[] row, StatementContext context);
}
