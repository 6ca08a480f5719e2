using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// A leaf of a joined SELECT's FROM clause (Planning/FromClause). Every table reference is a leaf: a ChunkServer table, a system view
// or a derived table. A joined row holds every leaf's columns side by side (leaf i at Offset, in FROM
// order); a leaf not (yet) joined, or null-extended by an outer join, holds NULLs there.
public sealed class FromLeaf
{
    public required string Name { get; init; }

    // The database of a table or view named without alias (a qualified `db.t.c` must match it).
    public string? Database { get; init; }

    public required IReadOnlyList<string> ColumnNames { get; init; }

    public required IReadOnlyList<ResultType> ColumnTypes { get; init; }

    public int Offset { get; init; }

    public int Index { get; init; }

    public int Width => ColumnNames.Count;

    public TableSchema? Table { get; init; }

    public ISystemView? View { get; init; }

    public SelectPlan? Derived { get; init; }

    // Leaf-local column indexes some clause reads.
    public HashSet<int> Used { get; } = [];

    // Conjuncts (over the joined row) that only read this leaf and may filter it before any join.
    public List<BoundExpr> Filters { get; } = [];

    public int IndexOf(string column)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (string.Equals(ColumnNames[i], column, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }
}
