using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// The enclosing query as a subquery sees it while being probed for correlation: every name the
// subquery does not have itself is recorded (and reads as NULL in this throw-away plan).
public sealed class ProbeScope : IBindScope
{
    public List<ColumnRef> References { get; } = [];

    public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause) => null;

    public BoundExpr BindColumn(ColumnRef column, string clause)
    {
        References.Add(column);
        return new BoundLiteral(ObObj.Null);
    }
}

// The enclosing query at one of its rows, for running a correlated subquery: an outer name binds to
// that row's value.
public sealed class OuterRowScope(IBindScope scope, ObObj[] row, ExprBinder binder) : IBindScope
{
    public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause) => null;

    public BoundExpr BindColumn(ColumnRef column, string clause)
    {
        var bound = scope.TryBindWhole(column, binder, clause) ?? scope.BindColumn(column, clause);
        return bound is BoundColumn c ? new BoundLiteral(row[c.Index]) : bound;
    }
}
