using OceanClassic.Common.Expr;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// The rows of Left op Right. UNION ALL concatenates; UNION keeps each distinct row once; INTERSECT keeps
// rows in both, EXCEPT rows of the left not in the right (each distinct row once; with ALL as many times
// as min(m, n) / max(m - n, 0)). Rows compare as DISTINCT does (NULLs equal). Each member's rows are
// charged to the statement's join memory as SelectExecutor.RunAsync collects them (1114 past the limit).
public sealed class SetOperationRowSource(SelectPlan left, SetOperator op, bool all, SelectPlan right, IReadOnlyList<ResultColumn> columns) : IRowSource
{
    public IReadOnlyList<ResultColumn> Columns { get; } = columns;

    public SelectPlan Left { get; } = left;

    public SelectPlan Right { get; } = right;

    // Set when Left is exactly another set operation's rows (a chain a UNION b UNION c ... as parsed).
    public SetOperationRowSource? LeftChain { get; init; }

    // A chain runs in a loop from its first member, not one nested read per member. Every row a combined
    // result holds came from a member, so each member's rows are charged once.
    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        var chain = new List<SetOperationRowSource> { this };
        while (chain[^1].LeftChain is { } inner)
            chain.Add(inner);
        var rows = await SelectExecutor.RunAsync(chain[^1].Left, context);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var node = chain[i];
            var rightRows = node.Coerce(await SelectExecutor.RunAsync(node.Right, context), node.Right.Columns);
            rows = [.. node.Combine(node.Coerce(rows, node.Left.Columns), rightRows)];
        }
        foreach (var row in rows)
            yield return row;
    }

    // A member's values in the result's column types (1 UNION 2.5 gives 1.0; 1 UNION 'a' gives text).
    private List<ObObj[]> Coerce(List<ObObj[]> rows, IReadOnlyList<ResultColumn> memberColumns)
    {
        var convert = new Func<ObObj, ObObj>?[Columns.Count];
        var any = false;
        for (var i = 0; i < Columns.Count; i++)
        {
            var target = Columns[i];
            if (memberColumns[i].Type == target.Type && memberColumns[i].Decimals == target.Decimals)
                continue;
            convert[i] = target.Type switch
            {
                MySqlColumnType.VarString or MySqlColumnType.String or MySqlColumnType.Blob or MySqlColumnType.VarChar =>
                    v => v.IsNull || v.Type == ObType.String ? v : ObObj.FromString(v.ToText() ?? ""),
                MySqlColumnType.NewDecimal => v => v.IsNull || !v.IsNumeric ? v : ObObj.FromDecimal(ExprValues.WithScale(v.ToDecimal(), target.Decimals)),
                _ => null,
            };
            any |= convert[i] is not null;
        }
        if (!any)
            return rows;
        foreach (var row in rows)
        {
            for (var i = 0; i < convert.Length; i++)
            {
                if (convert[i] is { } f)
                    row[i] = f(row[i]);
            }
        }
        return rows;
    }

    private IEnumerable<ObObj[]> Combine(List<ObObj[]> leftRows, List<ObObj[]> rightRows)
    {
        if (op == SetOperator.Union)
        {
            if (all)
                return leftRows.Concat(rightRows);
            var seen = new HashSet<ObObj[]>(SqlRowEquality.Instance);
            return leftRows.Concat(rightRows).Where(seen.Add).ToList();
        }
        var counts = new Dictionary<ObObj[], int>(SqlRowEquality.Instance);
        foreach (var row in rightRows)
            counts[row] = counts.GetValueOrDefault(row) + 1;
        var result = new List<ObObj[]>();
        var emitted = new HashSet<ObObj[]>(SqlRowEquality.Instance);
        foreach (var row in leftRows)
        {
            var inRight = counts.GetValueOrDefault(row);
            if (op == SetOperator.Intersect)
            {
                if (inRight == 0)
                    continue;
                if (all)
                    counts[row] = inRight - 1;
                else if (!emitted.Add(row))
                    continue;
                result.Add(row);
            }
            else if (inRight > 0 && all)
            {
                counts[row] = inRight - 1;
            }
            else if (inRight == 0 && (all || emitted.Add(row)))
            {
                result.Add(row);
            }
        }
        return result;
    }
}
