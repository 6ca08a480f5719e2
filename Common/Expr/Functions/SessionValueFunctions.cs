using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Functions whose call also sets a session value: LAST_INSERT_ID(expr) returns expr as an unsigned integer
// (rounded; text reads its numeric prefix; NULL stays NULL) and makes it what LAST_INSERT_ID() returns after
// the statement (NULL sets 0), as MariaDB. The value goes to EvalContext.LastInsertIdSet; the session takes it
// when the statement ends (an id the statement itself generated for an inserted row wins).
// __LAST_INSERT_ID(v) is LAST_INSERT_ID() as bound: v is the session's value when the statement started; a
// LAST_INSERT_ID(expr) evaluated earlier in the statement replaces it at once, as in MariaDB
// (SELECT LAST_INSERT_ID(7) + LAST_INSERT_ID() is 14). Where no such call ran (a ChunkServer) it is v.
public static class SessionValueFunctions
{
    public const string LastInsertIdRead = "__LAST_INSERT_ID";

    internal static readonly FunctionDefinition[] Definitions =
    [
        Def(LastInsertIdRead, 1, 1, (a, call) => call.Context.LastInsertIdSet is { } set ? ObObj.FromUInt(set) : a[0]),
        Def("LAST_INSERT_ID", 1, 1, (a, call) =>
        {
            ulong? value = a[0].IsNull ? null : unchecked((ulong)a[0].ToInt64());
            call.Context.LastInsertIdSet = value ?? 0;
            return value is { } v ? ObObj.FromUInt(v) : ObObj.Null;
        }, nullIfAnyNull: false),
    ];
}
