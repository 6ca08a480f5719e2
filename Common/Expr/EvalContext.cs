using OceanClassic.Common.Expr.Diagnostics;

namespace OceanClassic.Common.Expr;

// What an evaluation may read besides the row: the statement's clock (NOW() is fixed per statement,
// as in MySQL, local time in the session's time zone), whether a division by zero fails the statement (strict mode's
// ERROR_FOR_DIVISION_BY_ZERO on INSERT, UPDATE and DELETE: error 1365 instead of NULL) or only warns
// (ERROR_FOR_DIVISION_BY_ZERO otherwise), where the statement's warnings go (null: dropped), and the
// state a function call keeps across the statement's rows (RAND(seed)'s generator), by call.
public sealed record EvalContext(DateTime Now)
{
    private Dictionary<object, object>? _state;

    public bool DivisionByZeroIsError { get; init; }

    // The session time zone's offset from UTC at Now (Now is local time in that zone): UNIX_TIMESTAMP and
    // FROM_UNIXTIME convert with it.
    public TimeSpan UtcOffset { get; init; } = TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow);

    public bool DivisionByZeroWarns { get; init; }

    public StatementWarnings? Warnings { get; init; }

    // The value a LAST_INSERT_ID(expr) call of the statement set (the last one evaluated), for the session.
    public ulong? LastInsertIdSet { get; set; }

    public static EvalContext AtNow() => new(DateTime.Now);

    public object StateOf(object call, Func<object> create)
    {
        _state ??= new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        if (!_state.TryGetValue(call, out var state))
            _state[call] = state = create();
        return state;
    }
}
