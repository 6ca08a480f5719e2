// An operation that failed and certainly took no effect, whatever its cause (a transaction whose statement
// failed before its COMMIT was sent): WorkerContext completes it as fail, not info.
namespace OceanClassic.Jepsen.Workloads;

public sealed class NotAppliedException(string message, Exception inner) : Exception(message, inner);
