namespace OceanClassic.Common.Expr.Diagnostics;

// Where conversions deep inside evaluation (a string read as a number, a CAST that truncates) report
// their warnings: the conditions of the statement whose expression is being evaluated on this thread.
// Evaluation is synchronous, so ExprEvaluator sets the collector around each evaluation it starts and
// restores the previous one after (nested evaluations, e.g. a subquery run by a function, nest too).
// Outside an evaluation that collects (a ChunkServer filter, a unit test) warnings are dropped.
public static class ExprWarnings
{
    [ThreadStatic]
    private static StatementWarnings? t_current;

    public static StatementWarnings? Current => t_current;

    public static StatementWarnings? Enter(StatementWarnings? conditions)
    {
        var previous = t_current;
        t_current = conditions;
        return previous;
    }

    public static void Exit(StatementWarnings? previous) => t_current = previous;

    public static void Warn(int code, string message) => t_current?.Warn(code, message);

    public static void Note(int code, string message) => t_current?.Note(code, message);
}
