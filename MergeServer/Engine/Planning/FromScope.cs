using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// Column names over a join tree, as MySQL resolves them: `t.c` names leaf t (its alias, else its table
// name, `db.t.c` only an unaliased table of db); an unqualified `c` must be in exactly one leaf (else
// 1052), except a USING / NATURAL column, which the join merges into one (the left side's value, the
// right side's for RIGHT JOIN). A name not found here is looked up in the enclosing query (outer).
// Binds to the position in the joined row and records which leaf columns are read.
public sealed class FromScope(IReadOnlyList<FromLeaf> leaves, FromNode root, IBindScope? outer) : IBindScope
{
    public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause) => null;

    public BoundExpr BindColumn(ColumnRef column, string clause)
    {
        var position = column.Table is null ? ResolveUnqualified(column, clause) : ResolveQualified(column, clause);
        if (position >= 0)
            return Column(position);
        return outer is not null ? outer.BindColumn(column, clause) : throw BindErrors.UnknownColumn(column, clause);
    }

    // The joined row's column at `position`, under its table column's collation.
    private BoundExpr Column(int position)
    {
        foreach (var leaf in leaves)
        {
            if (leaf.Table is { } table && position >= leaf.Offset && position < leaf.Offset + leaf.Width)
                return TableScope.ColumnExpr(table.Columns[position - leaf.Offset], position);
        }
        return new BoundColumn(position);
    }

    private int ResolveQualified(ColumnRef column, string clause)
    {
        FromLeaf? found = null;
        foreach (var leaf in leaves)
        {
            if (!root.Covers(leaf.Index) || !NameMatches(leaf, column.Table!, column.Schema))
                continue;
            if (found is not null)
                throw Ambiguous(column, clause);
            found = leaf;
        }
        if (found is null)
            return -1;
        var index = found.IndexOf(column.Column);
        if (index < 0)
            return -1;
        found.Used.Add(index);
        return found.Offset + index;
    }

    public static bool NameMatches(FromLeaf leaf, string table, string? schema) =>
        string.Equals(leaf.Name, table, StringComparison.OrdinalIgnoreCase)
        && (schema is null || (leaf.Database is not null && string.Equals(leaf.Database, schema, StringComparison.OrdinalIgnoreCase)));

    private int ResolveUnqualified(ColumnRef column, string clause)
    {
        var found = Resolve(root, column.Column);
        if (found.Ambiguous)
            throw Ambiguous(column, clause);
        if (found.Leaf is null)
            return -1;
        found.Leaf.Used.Add(found.Index);
        return found.Leaf.Offset + found.Index;
    }

    // Where an unqualified name resolves below node (for USING / NATURAL pairs and star expansion too).
    public static (FromLeaf? Leaf, int Index, bool Ambiguous) Resolve(FromNode node, string name)
    {
        if (node is LeafNode { Leaf: var leaf })
        {
            var index = leaf.IndexOf(name);
            return index < 0 ? (null, -1, false) : (leaf, index, false);
        }
        var join = (JoinNode)node;
        var left = Resolve(join.Left, name);
        var right = Resolve(join.Right, name);
        if (left.Ambiguous || right.Ambiguous)
            return (null, -1, true);
        if (left.Leaf is null)
            return right;
        if (right.Leaf is null)
            return left;
        if (join.Using.Any(u => string.Equals(u, name, StringComparison.OrdinalIgnoreCase)))
            return join.Kind == JoinKind.Right ? right : left;
        return (null, -1, true);
    }

    private static SqlError Ambiguous(ColumnRef column, string clause)
    {
        var name = column.Table is null ? column.Column : $"{column.Table}.{column.Column}";
        return SqlError.FromCode(ErrorCodes.NonUniq, $"Column '{name}' in {clause} is ambiguous");
    }
}
