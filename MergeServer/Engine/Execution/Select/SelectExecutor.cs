using System.Diagnostics;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Operators;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// Runs a SelectPlan: rows stream from the source through filter, aggregation, HAVING, projection,
// DISTINCT, ORDER BY and LIMIT into the client's result set.
public static partial class SelectExecutor
{
    public static async ValueTask ExecuteAsync(SelectPlan plan, StatementContext context, IResultSink sink)
    {
        if (plan.HasSubqueries)
        {
            await WriteAsync(plan, await CollectWithSubqueriesAsync(plan, context, forCaller: false), sink);
            return;
        }
        if (plan.Streaming)
        {
            await StreamAsync(plan, context, sink);
            return;
        }
        var rows = await CollectAsync(plan, context, forCaller: false);
        await WriteAsync(plan, rows, sink);
    }

    // The result rows (visible columns only), for callers that consume them in memory (subqueries,
    // derived tables, set operations, INSERT … SELECT, multi-table DML): charged to the statement's join
    // memory, which fails it with 1114 past ms_join_memory_limit. A plain scan's rows are charged as they
    // come; the rows of a sort, grouping or DISTINCT, already bounded by the sort memory while they were
    // collected, when they are handed over.
    public static async ValueTask<List<ObObj[]>> RunAsync(SelectPlan plan, StatementContext context)
    {
        var rows = await CollectAsync(plan, context, forCaller: true);
        if (!plan.Streaming)
        {
            foreach (var row in rows)
                context.JoinMemory.Charge(row);
        }
        return [.. rows.Select(r => r.Length == plan.Columns.Count ? r : r[..plan.Columns.Count])];
    }

    private static async ValueTask<List<ObObj[]>> CollectAsync(SelectPlan plan, StatementContext context, bool forCaller)
    {
        if (plan.HasSubqueries)
            return await CollectWithSubqueriesAsync(plan, context, forCaller);
        var output = Hold(plan, context, forCaller);
        if (plan.Aggregate)
        {
            var groupCount = plan.GroupExprs.Count;
            var aggregator = NewAggregator(plan);
            var groups = new GroupCharge(plan, aggregator, context);
            // One input array for every row: the aggregator keeps no row it is given.
            var input = new ObObj[groupCount + plan.AggregateArgs.Count];
            await foreach (var row in FilteredAsync(plan, context))
            {
                for (var i = 0; i < groupCount; i++)
                    input[i] = ExprEvaluator.Evaluate(plan.GroupExprs[i], row, context.Eval);
                for (var i = 0; i < plan.AggregateArgs.Count; i++)
                    input[groupCount + i] = ExprEvaluator.Evaluate(plan.AggregateArgs[i], row, context.Eval);
                aggregator.Add(input);
                groups.After(input);
            }
            foreach (var groupRow in aggregator.Results())
            {
                if (Passes(plan.Having, groupRow, context))
                    output.Add(Project(plan, groupRow, context));
            }
            groups.Release();
        }
        else
        {
            // Rows a caller takes (INSERT … SELECT, subqueries) stay arrays of their own.
            var asIs = !forCaller && ProjectsRowAsIs(plan);
            await foreach (var row in FilteredAsync(plan, context))
            {
                if (Passes(plan.Having, row, context))
                    output.Add(asIs && row.Length == plan.Projections.Count ? row : Project(plan, row, context));
            }
        }
        return Finish(plan, output, context);
    }

    // Where the projected rows wait for DISTINCT, ORDER BY and LIMIT: charged to the statement's sort
    // memory unless they are an aggregate's (its groups are charged) or a plain scan's; a plain scan's
    // rows a caller collects (forCaller) to its join memory.
    private static HeldRows Hold(SelectPlan plan, StatementContext context, bool forCaller) =>
        new(plan, plan.Aggregate || plan.Streaming ? null : context.SortMemory, forCaller && plan.Streaming ? context.JoinMemory : null);

    // ORDER BY and LIMIT over the projected rows (DISTINCT kept them once as they came).
    private static List<ObObj[]> Finish(SelectPlan plan, HeldRows held, StatementContext context)
    {
        if (plan.CalcFoundRows)
            context.FoundRowsBeforeLimit = held.Count;
        var sorted = held.Sorted();
        held.Release();
        return Window(sorted, plan.Offset, plan.Limit);
    }

    private static IGroupAggregator NewAggregator(SelectPlan plan) => plan.WithRollup
        ? new RollupAggregator(plan.GroupExprs.Count, plan.Aggregates)
        : new HashAggregator(Enumerable.Range(0, plan.GroupExprs.Count).ToArray(), plan.Aggregates);

    private static async ValueTask StreamAsync(SelectPlan plan, StatementContext context, IResultSink sink)
    {
        var writer = sink.BeginResultSet(plan.Columns);
        var text = new string?[plan.Columns.Count];
        // A streamed row is projected into one array for all rows: only its text goes on.
        var projected = new ObObj[plan.Projections.Count];
        var asIs = ProjectsRowAsIs(plan);
        long skipped = 0, written = 0, found = 0;
        if (plan.Limit is not 0 || plan.CalcFoundRows)
        {
            await foreach (var row in FilteredAsync(plan, context))
            {
                if (!Passes(plan.Having, row, context))
                    continue;
                found++;
                if (skipped < plan.Offset)
                {
                    skipped++;
                    continue;
                }
                if (written == plan.Limit)
                {
                    // Only SQL_CALC_FOUND_ROWS reads on past the limit, to count.
                    continue;
                }
                var values = asIs && row.Length == projected.Length ? row : ProjectInto(plan, row, context, projected);
                for (var i = 0; i < text.Length; i++)
                    text[i] = ResultText.Of(values[i], plan.Columns[i], writer.Binary);
                await writer.WriteRow(text);
                if (++written == plan.Limit && !plan.CalcFoundRows)
                    break;
            }
        }
        if (plan.CalcFoundRows)
            context.FoundRowsBeforeLimit = found;
        await writer.End();
    }

    private static async ValueTask WriteAsync(SelectPlan plan, List<ObObj[]> rows, IResultSink sink)
    {
        var writer = sink.BeginResultSet(plan.Columns);
        var text = new string?[plan.Columns.Count];
        // Timed once for all the rows (two clock reads a row were 3% of the MergeServer under read_only).
        var encodeStarted = Stopwatch.GetTimestamp();
        foreach (var row in rows)
        {
            for (var i = 0; i < text.Length; i++)
                text[i] = ResultText.Of(row[i], plan.Columns[i], writer.Binary);
            await writer.WriteRow(text);
        }
        MsStageTimers.Encode.Stop(encodeStarted, rows.Count);
        await writer.End();
    }

    private static async IAsyncEnumerable<ObObj[]> FilteredAsync(SelectPlan plan, StatementContext context)
    {
        await foreach (var row in plan.Source.ReadAsync(context))
        {
            if (Passes(plan.Filter, row, context))
                yield return row;
        }
    }

    private static bool Passes(BoundExpr? predicate, ObObj[] row, StatementContext context) =>
        predicate is null || ExprValues.IsTrue(ExprEvaluator.Evaluate(predicate, row, context.Eval));

    private static ObObj[] Project(SelectPlan plan, ObObj[] row, StatementContext context)
    {
        var result = new ObObj[plan.Projections.Count];
        ProjectInto(plan, row, context, result);
        return result;
    }

    private static ObObj[] ProjectInto(SelectPlan plan, ObObj[] row, StatementContext context, ObObj[] result)
    {
        for (var i = 0; i < result.Length; i++)
            result[i] = ExprEvaluator.Evaluate(plan.Projections[i], row, context.Eval);
        return result;
    }

    // A table scan's row is its own projection when every projected value is the row's column at its own
    // position (SELECT c ... of a scan that reads c): the scanner hands over a new array per row, so the
    // row may be held (ORDER BY, DISTINCT) or written as it is, without a second array per row.
    private static bool ProjectsRowAsIs(SelectPlan plan)
    {
        if (plan.Source is not TableRowSource)
            return false;
        for (var i = 0; i < plan.Projections.Count; i++)
        {
            if (plan.Projections[i] is not BoundColumn column || column.Index != i)
                return false;
        }
        return true;
    }

    public static List<ObObj[]> Window(List<ObObj[]> rows, long offset, long? limit)
    {
        if (offset == 0 && (limit is null || limit >= rows.Count))
            return rows;
        var start = (int)Math.Min(offset, rows.Count);
        var count = (int)Math.Min(limit ?? long.MaxValue, rows.Count - start);
        return rows.GetRange(start, count);
    }
}
