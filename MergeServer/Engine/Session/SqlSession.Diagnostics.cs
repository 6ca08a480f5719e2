using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

// The session's diagnostics area as MariaDB keeps it: SHOW WARNINGS / SHOW ERRORS and @@warning_count /
// @@error_count read the conditions of the last statement that raised any or used a table (a SELECT
// without tables, SET or USE that raises nothing leaves the previous list in place); an error is the
// last condition of its statement's list. The OK/EOF packets carry the running statement's count.
public sealed partial class SqlSession
{
    private StatementWarnings? _running;

    public StatementWarnings Diagnostics { get; private set; } = StatementWarnings.Empty;

    public int StatementWarningCount => _running?.Count ?? 0;

    private StatementWarnings BeginConditions()
    {
        _running = new StatementWarnings { IgnoresNotes = IgnoresNotes() };
        return _running;
    }

    private void EndConditions(StatementWarnings conditions, QueryError? error)
    {
        if (error is { } e)
            conditions.Add(new SqlCondition(ConditionLevel.Error, e.Code, e.Message));
        if (conditions.Count > 0 || conditions.ClearsPrevious)
            Diagnostics = conditions;
        _running = null;
    }

    // A statement that failed before it could run (a syntax error).
    private void RecordFailure(QueryError error) => EndConditions(BeginConditions(), error);

    // @@warning_count and @@error_count read the diagnostics area, not the variable catalogue.
    private ObObj? DiagnosticsVariable(string name) =>
        name.Equals("warning_count", StringComparison.OrdinalIgnoreCase) ? ObObj.FromUInt((ulong)Diagnostics.Count)
        : name.Equals("error_count", StringComparison.OrdinalIgnoreCase) ? ObObj.FromUInt((ulong)Diagnostics.ErrorCount)
        : null;
}
