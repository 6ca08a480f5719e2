using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

// What every statement reads from sql_mode and sql_notes (strictness, ERROR_FOR_DIVISION_BY_ZERO, whether
// notes are kept), worked out again only after a variable of the session changed (SessionVariables.Version
// moves with every value stored), not by scanning the sql_mode text on every statement.
public sealed partial class SqlSession
{
    private long _modesVersion = -1;
    private bool _strictMode;
    private bool _divisionByZeroInMode;
    private bool _ignoresNotes;

    private void RefreshModes()
    {
        if (_modesVersion == Variables.Version)
            return;
        var mode = Variables.Get(VariableScope.Session, "sql_mode").ToText() ?? "";
        _strictMode = mode.Contains("STRICT_TRANS_TABLES", StringComparison.OrdinalIgnoreCase)
                      || mode.Contains("STRICT_ALL_TABLES", StringComparison.OrdinalIgnoreCase);
        _divisionByZeroInMode = mode.Contains("ERROR_FOR_DIVISION_BY_ZERO", StringComparison.OrdinalIgnoreCase);
        var notes = Variables.Get(VariableScope.Session, "sql_notes");
        _ignoresNotes = !notes.IsNull && notes.ToInt64() == 0;
        _modesVersion = Variables.Version;
    }

    // A data-changing statement under a strict sql_mode with ERROR_FOR_DIVISION_BY_ZERO.
    private bool IsStrictWrite(Statement statement)
    {
        if (!IsWrite(statement))
            return false;
        RefreshModes();
        return _divisionByZeroInMode && _strictMode;
    }

    private bool IsNonStrictWrite(Statement statement)
    {
        if (!IsWrite(statement))
            return false;
        RefreshModes();
        return !_strictMode;
    }

    // ERROR_FOR_DIVISION_BY_ZERO in sql_mode: a division by zero warns 1365 where it is not an error.
    private bool DivisionByZeroWarns()
    {
        RefreshModes();
        return _divisionByZeroInMode;
    }

    // sql_notes = 0: the statement's notes are not recorded.
    private bool IgnoresNotes()
    {
        RefreshModes();
        return _ignoresNotes;
    }

    private static bool IsWrite(Statement statement) =>
        statement is InsertStatement or UpdateStatement or DeleteStatement or MultiTableUpdateStatement or MultiTableDeleteStatement or LoadDataStatement;
}
