using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// No columns are visible: SELECT without FROM, INSERT … VALUES.
public sealed class EmptyScope : IBindScope
{
    public static readonly EmptyScope Instance = new();

    public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause) => null;

    public BoundExpr BindColumn(ColumnRef column, string clause) => throw BindErrors.UnknownColumn(column, clause);
}
