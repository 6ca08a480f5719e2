using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// Subqueries and row constructors. An uncorrelated subquery already ran (SubqueryFolder): its rows
// become literals — a value, a truth value, an IN list, a chain of comparisons. A correlated one binds
// to a BoundSubquery that runs per row. `(a, b) = (x, y)` is a = x AND b = y; `(a, b) IN (…)` an OR of those.
public sealed partial class ExprBinder
{
    public static SqlError OperandColumns(int expected) =>
        SqlError.FromCode(ErrorCodes.OperandColumns, $"Operand should contain {expected} column(s)");

    private BoundExpr BindSubquery(Expr node, IBindScope scope, string clause)
    {
        var (kind, query, operand, op, all, negated) = node switch
        {
            SubqueryExpr s => (SubqueryKind.Scalar, s.Query, null, BinaryOp.Eq, false, false),
            ExistsExpr e => (SubqueryKind.Exists, e.RowCheck, null, BinaryOp.Eq, false, false),
            InSubqueryExpr i => (SubqueryKind.In, i.Query, i.Operand, BinaryOp.Eq, false, i.Negated),
            QuantifiedComparisonExpr q => (SubqueryKind.Quantified, q.Query, q.Operand, MapBinary(q.Operator), q.All, false),
            _ => throw BindErrors.NotSupported(node.ToSql()),
        };
        var operands = operand switch
        {
            null => [],
            RowExpr row => row.Items.Select(e => Bind(e, scope, clause)).ToList(),
            _ => new List<BoundExpr> { Bind(operand, scope, clause) },
        };
        return BindRun(node, kind, query, operands, op, all, negated, scope, clause);
    }

    private BoundExpr BindRun(Expr node, SubqueryKind kind, QueryStatement query, List<BoundExpr> operands, BinaryOp op, bool all, bool negated,
        IBindScope scope, string clause)
    {
        if (Subqueries is null)
            throw BindErrors.NotSupported("subqueries here");
        if (Subqueries.TryGetUncorrelated(node, out var rows))
            return SubqueryResults.Build(kind, operands, op, all, negated, rows);
        if (Subqueries.TryGetCorrelated(node, out var outerRefs))
        {
            var bound = outerRefs.Select(r => Bind(r, scope, clause)).ToList();
            return new BoundSubquery(node, query, kind, operands, op, all, negated, scope, bound);
        }
        throw BindErrors.NotSupported("subqueries here");
    }

    private BoundExpr BindRowComparison(BinaryExpr b, IBindScope scope, string clause)
    {
        if (b.Left is not RowExpr left || b.Right is not RowExpr right)
        {
            var row = b.Left as RowExpr ?? (RowExpr)b.Right;
            var other = ReferenceEquals(row, b.Left) ? b.Right : b.Left;
            if (other is SubqueryExpr subquery && MapBinary(b.Operator) is BinaryOp.Eq or BinaryOp.Ne)
                return BindRun(subquery, SubqueryKind.Row, subquery.Query, [.. row.Items.Select(e => Bind(e, scope, clause))],
                    BinaryOp.Eq, false, b.Operator == BinaryOperator.NotEqual, scope, clause);
            if (other is SubqueryExpr)
                throw BindErrors.NotSupported("row subqueries compared other than with = and <>");
            throw SqlError.FromCode(ErrorCodes.IllegalParameterTypes,
                $"Illegal parameter data types row and scalar for operation '{BinaryExpr.Symbol(b.Operator)}'");
        }
        if (left.Items.Count != right.Items.Count)
            throw OperandColumns(left.Items.Count);
        var op = MapBinary(b.Operator);
        if (op is not (BinaryOp.Eq or BinaryOp.NullSafeEq or BinaryOp.Ne))
            throw BindErrors.NotSupported("row comparisons other than =, <=> and <>");
        var parts = new List<BoundExpr>();
        for (var i = 0; i < left.Items.Count; i++)
            parts.Add(new BoundBinary(op == BinaryOp.Ne ? BinaryOp.Eq : op, Bind(left.Items[i], scope, clause), Bind(right.Items[i], scope, clause)));
        var all = SubqueryResults.Balanced(parts, BinaryOp.And);
        return op == BinaryOp.Ne ? new BoundUnary(UnaryOp.Not, all) : all;
    }

    private BoundExpr BindRowInList(InListExpr i, IBindScope scope, string clause)
    {
        var operand = (RowExpr)i.Operand;
        var left = operand.Items.Select(e => Bind(e, scope, clause)).ToList();
        var alternatives = new List<BoundExpr>();
        foreach (var item in i.List)
        {
            if (item is not RowExpr row || row.Items.Count != left.Count)
                throw OperandColumns(left.Count);
            var parts = new List<BoundExpr>();
            for (var k = 0; k < left.Count; k++)
                parts.Add(new BoundBinary(BinaryOp.Eq, left[k], Bind(row.Items[k], scope, clause)));
            alternatives.Add(SubqueryResults.Balanced(parts, BinaryOp.And));
        }
        var any = SubqueryResults.Balanced(alternatives, BinaryOp.Or);
        return i.Negated ? new BoundUnary(UnaryOp.Not, any) : any;
    }
}

// Builds the expression that stands for a subquery's result over its rows.
public static class SubqueryResults
{
    public static BoundExpr Build(SubqueryKind kind, IReadOnlyList<BoundExpr> operands, BinaryOp op, bool all, bool negated, SubqueryRows result)
    {
        var rows = result.Rows;
        switch (kind)
        {
            case SubqueryKind.Exists:
                return new BoundLiteral(ExprValues.FromBool(rows.Count > 0));
            case SubqueryKind.Scalar:
                if (result.Columns != 1)
                    throw ExprBinder.OperandColumns(1);
                if (rows.Count > 1)
                    throw SqlError.FromCode(ErrorCodes.SubqueryMultipleRows, "Subquery returns more than 1 row");
                return new BoundLiteral(rows.Count == 0 ? ObObj.Null : rows[0][0]);
        }
        if (kind == SubqueryKind.Row && result.Columns == 1)
            throw SqlError.FromCode(ErrorCodes.IllegalParameterTypes, "Illegal parameter data types row and scalar for operation '='");
        if (result.Columns != operands.Count)
            throw ExprBinder.OperandColumns(operands.Count);
        if (kind == SubqueryKind.Row)
        {
            if (rows.Count > 1)
                throw SqlError.FromCode(ErrorCodes.SubqueryMultipleRows, "Subquery returns more than 1 row");
            if (rows.Count == 0)
                return new BoundLiteral(ObObj.Null);
            var equal = RowEquals(operands, rows[0]);
            return negated ? new BoundUnary(UnaryOp.Not, equal) : equal;
        }
        if (kind == SubqueryKind.In)
        {
            if (rows.Count == 0)
                return new BoundLiteral(ExprValues.FromBool(negated));
            if (operands.Count == 1)
                return new BoundInList(operands[0], [.. rows.Select(r => (BoundExpr)new BoundLiteral(r[0]))], negated);
            var any = Balanced([.. rows.Select(r => RowEquals(operands, r))], BinaryOp.Or);
            return negated ? new BoundUnary(UnaryOp.Not, any) : any;
        }
        if (rows.Count == 0)
            return new BoundLiteral(ExprValues.FromBool(all));
        if (!all && op == BinaryOp.Eq)
            return new BoundInList(operands[0], [.. rows.Select(r => (BoundExpr)new BoundLiteral(r[0]))], false);
        if (all && op == BinaryOp.Ne)
            return new BoundInList(operands[0], [.. rows.Select(r => (BoundExpr)new BoundLiteral(r[0]))], true);
        return Balanced([.. rows.Select(r => (BoundExpr)new BoundBinary(op, operands[0], new BoundLiteral(r[0])))], all ? BinaryOp.And : BinaryOp.Or);
    }

    // a AND b AND … (or OR) as a balanced tree, so thousands of parts stay shallow.
    public static BoundExpr Balanced(IReadOnlyList<BoundExpr> parts, BinaryOp op)
    {
        if (parts.Count == 1)
            return parts[0];
        var middle = parts.Count / 2;
        return new BoundBinary(op, Balanced([.. parts.Take(middle)], op), Balanced([.. parts.Skip(middle)], op));
    }

    private static BoundExpr RowEquals(IReadOnlyList<BoundExpr> operands, ObObj[] row) =>
        Balanced([.. operands.Select((o, i) => (BoundExpr)new BoundBinary(BinaryOp.Eq, o, new BoundLiteral(row[i])))], BinaryOp.And);
}
