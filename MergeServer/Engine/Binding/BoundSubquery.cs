using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

public enum SubqueryKind
{
    Scalar,
    Exists,
    In,
    Quantified,

    // (a, b) = (SELECT x, y …): at most one row.
    Row,
}

// A correlated subquery in a bound expression: it reads columns of the row it is evaluated on
// (OuterRefs, bound in Scope, the scope of that row), so it runs per row — SubqueryRunner replaces it
// with its result before the expression is evaluated. Operands are the left side of IN / ANY / ALL.
// (Uncorrelated subqueries never appear bound: they ran once and the binder put their results in.)
public sealed record BoundSubquery(
    Expr Node,
    QueryStatement Query,
    SubqueryKind Kind,
    IReadOnlyList<BoundExpr> Operands,
    BinaryOp Op,
    bool All,
    bool Negated,
    IBindScope Scope,
    IReadOnlyList<BoundExpr> OuterRefs) : BoundExpr;
