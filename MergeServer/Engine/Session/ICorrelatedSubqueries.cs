using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Session;

// How execution evaluates an expression that holds a correlated subquery for one row: the subquery is
// planned again with the row's outer values (Planning/SubqueryRunner), which the planner above this
// folder does; the engine hands execution that runner (IEngineServices.CorrelatedSubqueries, which SqlEngine wires).
public interface ICorrelatedSubqueries
{
    ValueTask<ObObj> EvaluateAsync(BoundExpr expr, ObObj[] row, StatementContext context);
}
