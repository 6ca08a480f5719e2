using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace OceanClassic.Common.Expr;

// Every recursive walk over an expression tree (binding, planning, evaluation, serialization, printing)
// calls Check() once per level. A tree too deep for the thread's stack then fails as MariaDB fails it,
// ER_STACK_OVERRUN_NEED_MORE (1436), instead of a StackOverflowException, which would end the process.
// Flat chains never get here deep: AND/OR/XOR chains are balanced and the others are walked in loops.
public static class StackGuard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            ThrowTooDeep();
    }

    public static ExprException TooDeep() =>
        new(ExprErrorCodes.ThreadStackOverrun,
            "Thread stack overrun: the expression nests too deeply for the server's stack. Consider simplifying it.");

    [DoesNotReturn]
    private static void ThrowTooDeep() => throw TooDeep();
}
