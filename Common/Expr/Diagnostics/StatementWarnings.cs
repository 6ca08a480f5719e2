namespace OceanClassic.Common.Expr.Diagnostics;

// The notes, warnings and errors one statement raised, in order (MySQL's diagnostics area, what SHOW
// WARNINGS lists): conversions inside evaluation (ExprWarnings), INSERT IGNORE's skipped duplicates and
// lenient conversions, DDL notes, and the statement's error. Only the first MaxKept are kept
// (max_error_count), but every condition is counted: @@warning_count counts all of them, @@error_count
// the errors among them. The session keeps the list of the last statement that replaced it (SqlSession).
public sealed class StatementWarnings
{
    public const int MaxKept = 64;

    private readonly List<SqlCondition> _items = [];

    public static StatementWarnings Empty { get; } = new();

    public IReadOnlyList<SqlCondition> Items => _items;

    // sql_notes = 0: notes are not recorded.
    public bool IgnoresNotes { get; init; }

    // The statement used a table (MariaDB clears the previous statement's conditions then even when
    // it raises none; a statement that uses none and raises none leaves them for SHOW WARNINGS).
    public bool ClearsPrevious { get; set; }

    // Notes, warnings and errors alike (the OK packet's and @@warning_count's number).
    public int Count { get; private set; }

    public int ErrorCount { get; private set; }

    public void Add(SqlCondition condition)
    {
        if (condition.Level == ConditionLevel.Note && IgnoresNotes)
            return;
        Count++;
        if (condition.Level == ConditionLevel.Error)
            ErrorCount++;
        if (_items.Count < MaxKept)
            _items.Add(condition);
    }

    public void Add(int code, string message) => Warn(code, message);

    public void Warn(int code, string message) => Add(new SqlCondition(ConditionLevel.Warning, code, message));

    public void Note(int code, string message) => Add(new SqlCondition(ConditionLevel.Note, code, message));

    // A warning that belongs before those already raised from `position` on (MySQL lists a row's
    // duplicate-key warning after its conversion warnings and before the next row's).
    public void Insert(int position, int code, string message)
    {
        Count++;
        _items.Insert(Math.Min(position, _items.Count), new SqlCondition(ConditionLevel.Warning, code, message));
        if (_items.Count > MaxKept)
            _items.RemoveAt(_items.Count - 1);
    }

    // A statement that runs again (ConflictRetry) warns afresh.
    public void Clear()
    {
        _items.Clear();
        Count = 0;
        ErrorCount = 0;
    }
}

public enum ConditionLevel
{
    Note,
    Warning,
    Error,
}

public readonly record struct SqlCondition(ConditionLevel Level, int Code, string Message)
{
    // The Level column of SHOW WARNINGS.
    public string LevelName => Level switch
    {
        ConditionLevel.Note => "Note",
        ConditionLevel.Warning => "Warning",
        _ => "Error",
    };
}
