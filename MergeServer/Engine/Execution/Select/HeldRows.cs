using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Operators;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// The projected rows of a SELECT that must see every row before its first goes out (ORDER BY, DISTINCT),
// or that a caller takes in memory. DISTINCT keeps a row's first occurrence as it arrives (by its visible
// columns). A charged hold (an ORDER BY or DISTINCT over scanned rows) counts each row it keeps against the
// statement's sort memory, which fails the statement past ms_sort_memory_limit. ORDER BY with LIMIT and
// without DISTINCT keeps only the first OFFSET + LIMIT rows in order: the rows are sorted (stably) and cut
// whenever they reach twice that, so a top-N over any number of rows holds at most about 2N. A plain scan's
// rows a caller takes in memory (a subquery, a derived table, INSERT … SELECT) are charged to the
// statement's join memory as they come instead (1114 past ms_join_memory_limit); that charge stays with
// the statement, whose caller goes on holding them.
internal sealed class HeldRows
{
    private const int CutSlack = 64;

    private readonly List<ObObj[]> _rows = [];
    private readonly IReadOnlyList<SortKey> _order;
    private readonly int _visible;
    private readonly HashSet<ObObj[]>? _seen;
    private readonly SortMemoryBudget? _budget;
    private readonly JoinMemoryBudget? _collected;
    private readonly long _keep;
    private readonly long _cutAt;
    private long _charged;

    // budget: where the kept rows are charged; null when something else already counts them (the groups
    // of an aggregate) or the caller asked for a plain scan's rows. collected: where the rows a caller
    // takes are charged as they come (a plain scan's, which nothing else counts).
    public HeldRows(SelectPlan plan, SortMemoryBudget? budget, JoinMemoryBudget? collected = null)
    {
        _collected = collected;
        _order = plan.Order;
        _visible = plan.Columns.Count;
        _seen = plan.Distinct ? new HashSet<ObObj[]>(SqlRowEquality.Instance) : null;
        _budget = budget;
        _keep = !plan.Distinct && plan.Order.Count > 0 && plan.Limit is { } limit && limit < int.MaxValue / 4 && plan.Offset < int.MaxValue / 4
            ? plan.Offset + limit
            : long.MaxValue;
        _cutAt = _keep == long.MaxValue ? long.MaxValue : (2 * _keep) + CutSlack;
    }

    // Rows kept before any cut: what FOUND_ROWS() reports for SQL_CALC_FOUND_ROWS.
    public long Count { get; private set; }

    public void Add(ObObj[] row)
    {
        if (_seen is not null && !_seen.Add(row.Length == _visible ? row : row[.._visible]))
            return;
        Count++;
        _collected?.Charge(row);
        _rows.Add(row);
        if (_budget is not null)
        {
            var bytes = MemoryBudget.SizeOf(row);
            _charged += bytes;
            if (_order.Count > 0)
                _budget.ChargeSorted(bytes);
            else
                _budget.ChargeGrouped(bytes);
        }
        if (_rows.Count >= _cutAt)
            Cut();
    }

    // The rows kept, sorted by ORDER BY (not yet windowed by OFFSET / LIMIT).
    public List<ObObj[]> Sorted()
    {
        RowSorter.Sort(_rows, _order);
        return _rows;
    }

    // The statement no longer holds these rows for sorting (its result goes out, or to its caller).
    public void Release()
    {
        _budget?.Release(_charged);
        _charged = 0;
    }

    private void Cut()
    {
        RowSorter.Sort(_rows, _order);
        var cut = (int)_keep;
        if (_budget is not null)
        {
            long released = 0;
            for (var i = cut; i < _rows.Count; i++)
                released += MemoryBudget.SizeOf(_rows[i]);
            _budget.Release(released);
            _charged -= released;
        }
        _rows.RemoveRange(cut, _rows.Count - cut);
    }
}
