using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Functions whose call also sets a session value: LAST_INSERT_ID(expr) returns expr as an unsigned integer
// (rounded; text reads its numeric prefix; NULL stays NULL) and makes it what LAST_INSERT_ID() returns after
// the statement (NULL sets 0), as MariaDB. The value goes to EvalContext.LastInsertIdSet; the session takes it
// when the statement ends (an id the statement itself generated for an inserted row wins).
internal static class SessionValueFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Def("LAST_INSERT_ID", 1, 1, (a, call) =>
        {
            ulong? value = a[0].IsNull ? null : unchecked((ulong)a[0].ToInt64());
            call.Context.LastInsertIdSet = value ?? 0;
            return value is { } v ? ObObj.FromUInt(v) : ObObj.Null;
        }, nullIfAnyNull: false),
    ];
}
