using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Session;

// One diagnostic of SHOW WARNINGS: level ("Warning", "Note", "Error"), MySQL code, message.
public sealed record SqlWarning(string Level, int Code, string Message);

// The diagnostics one statement raises (INSERT IGNORE's skipped duplicates, conversions that a
// strict-mode error would have refused under IGNORE, ...). The session keeps the last list for SHOW
// WARNINGS and @@warning_count. As MariaDB: a statement that reads or writes a table (or fails, or
// warns) replaces the list; SHOW WARNINGS, SET and a SELECT without FROM leave it as it was.
// max_error_count (64) bounds the list; the count still counts every warning.
public sealed class StatementWarnings
{
    public const int MaxKept = 64;

    private readonly List<SqlWarning> _items = [];

    public int Count { get; private set; }

    public IReadOnlyList<SqlWarning> Items => _items;

    public void Add(int code, string message) => Add("Warning", code, message);

    public void Add(string level, int code, string message)
    {
        Count++;
        if (_items.Count < MaxKept)
            _items.Add(new SqlWarning(level, code, message));
    }

    // A warning that belongs before those already raised from `position` on (MySQL lists a row's
    // duplicate-key warning after its conversion warnings and before the next row's).
    public void Insert(int position, int code, string message)
    {
        Count++;
        _items.Insert(Math.Min(position, _items.Count), new SqlWarning("Warning", code, message));
        if (_items.Count > MaxKept)
            _items.RemoveAt(_items.Count - 1);
    }

    // A statement that runs again (ConflictRetry) warns afresh.
    public void Clear()
    {
        _items.Clear();
        Count = 0;
    }

    // Whether the statement leaves the previous statement's diagnostics in place when it raises none.
    public static bool KeepsPrevious(Statement statement) => statement switch
    {
        ShowStatement { Kind: ShowKind.Warnings or ShowKind.Errors } => true,
        SetStatement or SetNamesStatement or SetCharacterSetStatement => true,
        SelectStatement { From.Count: 0 } => true,
        _ => false,
    };
}
