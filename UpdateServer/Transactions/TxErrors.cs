using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.Transactions;

// The MySQL-visible errors of UPS sessions and row locks.
public static class TxErrors
{
    public const int LockWaitTimeout = 1205;
    public const int Deadlock = 1213;
    public const int TransactionNotFound = 6010;

    [DoesNotReturn]
    public static void ThrowLockWaitTimeout() =>
        throw new RpcException(LockWaitTimeout, "Lock wait timeout exceeded; try restarting transaction");

    [DoesNotReturn]
    public static void ThrowDeadlock() =>
        throw new RpcException(Deadlock, "Deadlock found when trying to get lock; try restarting transaction");

    [DoesNotReturn]
    public static void ThrowNotFound(ulong txId) =>
        throw new RpcException(TransactionNotFound, $"transaction {txId} not found (rolled back after idle timeout?)");
}
