using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Planning;

// A single-source SELECT bound but not yet planned (SelectPlanner.BindAsync): its source (a table, a
// system view, or none), every clause bound over the source's columns, and Read, the table columns some
// clause reads (base positions, in the order binding met them). What SelectPlanner.Plan adds from here
// depends on the WHERE's values; this part does not, so a prepared statement may keep it.
public sealed record BoundSelect(SelectStatement Select, TableSchema? Table, ISystemView? View, SelectClauses Clauses, IReadOnlyList<int> Read);

// The scan's columns and the outputs remapped onto them, for one way of reading the table: Used = the
// columns the scan returns (sorted base positions: Read, plus the primary key when the read locks rows or
// looks them up through an index); the projections and HAVING (or, with aggregation, the GROUP BY and
// aggregate arguments) over those positions.
public sealed class ReadShape
{
    public required List<int> Used { get; init; }

    // Each used base position's place in Used, and the used columns' ids (the scan spec's).
    public required Dictionary<int, int> Map { get; init; }

    public required int[] ColumnIds { get; init; }

    public required IReadOnlyList<BoundExpr> Projections { get; init; }

    public required IReadOnlyList<BoundExpr> GroupExprs { get; init; }

    public required IReadOnlyList<BoundExpr> AggregateArgs { get; init; }

    public BoundExpr? Having { get; init; }

    // inPlace: the bound clauses' projection list is remapped where it is (it is not read again).
    public static ReadShape Of(BoundSelect bound, bool withKey, bool inPlace)
    {
        var table = bound.Table!;
        var clauses = bound.Clauses;
        var used = new List<int>(withKey ? bound.Read.Union(table.RowKeyColumns) : bound.Read);
        if (used.Count == 0)
            used.Add(table.RowKeyColumns[0]);
        used.Sort();
        var map = new Dictionary<int, int>(used.Count);
        for (var i = 0; i < used.Count; i++)
            map[used[i]] = i;
        if (clauses.Aggregate)
        {
            return new ReadShape
            {
                Used = used,
                Map = map,
                ColumnIds = AccessSourceBuilder.ColumnIdsOf(table, used),
                Projections = clauses.Projections,
                Having = clauses.Having,
                GroupExprs = [.. clauses.GroupExprs.Select(g => ColumnRemapper.Remap(g, map))],
                AggregateArgs = [.. clauses.AggregateArgs.Select(a => ColumnRemapper.Remap(a, map))],
            };
        }
        var projections = inPlace ? clauses.Projections : new List<BoundExpr>(clauses.Projections);
        for (var i = 0; i < projections.Count; i++)
            projections[i] = ColumnRemapper.Remap(projections[i], map);
        return new ReadShape
        {
            Used = used,
            Map = map,
            ColumnIds = AccessSourceBuilder.ColumnIdsOf(table, used),
            Projections = projections,
            Having = clauses.Having is null ? null : ColumnRemapper.Remap(clauses.Having, map),
            GroupExprs = clauses.GroupExprs,
            AggregateArgs = clauses.AggregateArgs,
        };
    }
}

// The two read shapes of one bound SELECT, made when first needed and kept (a prepared statement's kept
// plan): nothing in them depends on the values of a `?`.
public sealed class ReadShapes
{
    private ReadShape? _plain;
    private ReadShape? _withKey;

    public ReadShape Get(BoundSelect bound, bool withKey) => withKey
        ? _withKey ??= ReadShape.Of(bound, true, inPlace: false)
        : _plain ??= ReadShape.Of(bound, false, inPlace: false);
}
