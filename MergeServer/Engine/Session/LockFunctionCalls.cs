using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

// The user-level lock functions of a statement run before it is bound, in the order they are written:
// GET_LOCK may wait, and waiting is asynchronous, which evaluation (synchronous, row by row) is not. So
// they are found in the select list, SET values and VALUES of the statement, their arguments (constants,
// variables, `?`) evaluated, the lock taken or released, and the binder reads each call's result
// (ExprBinder.LockResults). A lock function elsewhere, or over columns, is refused (1235).
public static class LockFunctionCalls
{
    public static bool IsLockFunction(string name) => name.Equals("GET_LOCK", StringComparison.OrdinalIgnoreCase)
        || name.Equals("RELEASE_LOCK", StringComparison.OrdinalIgnoreCase) || name.Equals("IS_FREE_LOCK", StringComparison.OrdinalIgnoreCase)
        || name.Equals("IS_USED_LOCK", StringComparison.OrdinalIgnoreCase) || name.Equals("RELEASE_ALL_LOCKS", StringComparison.OrdinalIgnoreCase);

    // Null when the statement calls none (every statement asks: no allocation unless an expression has parts).
    public static ValueTask<Dictionary<FunctionCall, ObObj>?> RunAsync(Statement statement, StatementContext context)
    {
        List<FunctionCall>? calls = null;
        Stack<Expr>? pending = null;
        switch (statement)
        {
            case SelectStatement s:
                foreach (var item in s.Items)
                    Collect(item.Expr, ref pending, ref calls);
                break;
            case SetStatement s:
                foreach (var assignment in s.Assignments)
                    Collect(assignment.Value, ref pending, ref calls);
                break;
        }
        return calls is null ? ValueTask.FromResult<Dictionary<FunctionCall, ObObj>?>(null) : CallAllAsync(calls, context);
    }

    private static async ValueTask<Dictionary<FunctionCall, ObObj>?> CallAllAsync(List<FunctionCall> calls, StatementContext context)
    {
        var results = new Dictionary<FunctionCall, ObObj>(ReferenceEqualityComparer.Instance);
        context.Binder.LockResults = results;
        foreach (var call in calls)
            results[call] = await CallAsync(call, context);
        return results;
    }

    // Left to right, without recursion (a 50,000-term sum is one long left spine). A column or a literal
    // needs no walk; the stack is made for the first expression that has parts and kept for the rest.
    private static void Collect(Expr top, ref Stack<Expr>? pending, ref List<FunctionCall>? calls)
    {
        if (top is not (FunctionCall or BinaryExpr or UnaryExpr or IsNullExpr or IsBoolExpr or CastExpr))
            return;
        pending ??= new Stack<Expr>();
        pending.Push(top);
        while (pending.TryPop(out var e))
        {
            switch (e)
            {
                case FunctionCall f:
                    if (IsLockFunction(f.Name))
                        (calls ??= []).Add(f);
                    for (var i = f.Args.Count - 1; i >= 0; i--)
                        pending.Push(f.Args[i]);
                    break;
                case BinaryExpr b:
                    pending.Push(b.Right);
                    pending.Push(b.Left);
                    break;
                case UnaryExpr u:
                    pending.Push(u.Operand);
                    break;
                case IsNullExpr n:
                    pending.Push(n.Operand);
                    break;
                case IsBoolExpr n:
                    pending.Push(n.Operand);
                    break;
                case CastExpr c:
                    pending.Push(c.Operand);
                    break;
                default:
                    break;
            }
        }
    }

    private static async ValueTask<ObObj> CallAsync(FunctionCall call, StatementContext context)
    {
        var name = call.Name.ToUpperInvariant();
        var expected = name switch
        {
            "GET_LOCK" => 2,
            "RELEASE_ALL_LOCKS" => 0,
            _ => 1,
        };
        if (call.Args.Count != expected)
            throw SqlError.FromCode(ExprErrorCodes.WrongParameterCount, $"Incorrect parameter count in the call to native function '{call.Name}'");
        var args = call.Args.Select(a => Constant(a, context)).ToArray();
        var locks = context.Engine.NamedLocks;
        var session = context.Session.ConnectionId;
        if (name == "RELEASE_ALL_LOCKS")
            return ObObj.FromInt(locks.ReleaseAll(session));
        if (args[0].IsNull || args[0].ToText() is not { Length: > 0 } lockName)
            return ObObj.Null;
        return name switch
        {
            "GET_LOCK" => args[1].IsNull ? ObObj.Null : ObObj.FromInt(await locks.GetAsync(lockName, session, args[1].ToDouble(), context.Ct)),
            "RELEASE_LOCK" => locks.Release(lockName, session) is { } released ? ObObj.FromInt(released) : ObObj.Null,
            "IS_FREE_LOCK" => ObObj.FromInt(locks.Holder(lockName) is null ? 1 : 0),
            _ => locks.Holder(lockName) is { } holder ? ObObj.FromUInt(holder) : ObObj.Null,
        };
    }

    private static ObObj Constant(Expr e, StatementContext context)
    {
        var bound = context.Binder.Bind(e, EmptyScope.Instance, "field list");
        return ExprEvaluator.Evaluate(bound, [], context.Eval);
    }
}
