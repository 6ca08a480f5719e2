using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.Transactions;

// The MySQL-visible errors of UPS sessions and row locks.
public static class TxErrors
{
    [DoesNotReturn]
    public static void ThrowLockWaitTimeout() =>
        throw new RpcException(WireErrorCodes.LockWaitTimeout, "Lock wait timeout exceeded; try restarting transaction");

    [DoesNotReturn]
    public static void ThrowDeadlock() =>
        throw new RpcException(WireErrorCodes.Deadlock, "Deadlock found when trying to get lock; try restarting transaction");

    [DoesNotReturn]
    public static void ThrowNotFound(ulong txId) =>
        throw new RpcException(WireErrorCodes.TransactionNotFound, $"transaction {txId} not found (rolled back after idle timeout?)");
}
