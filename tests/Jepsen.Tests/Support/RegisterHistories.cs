// Register histories for the checker's tests: single operations with explicit times, and a simulated
// linearizable history of many concurrent clients (each operation takes effect at a random point inside
// its interval, in that order, on a real register per key).
using OceanClassic.Jepsen.Checker;

namespace OceanClassic.Jepsen.Tests.Support;

public static class RegisterHistories
{
    public const long Pending = RegisterOperation.Pending;

    public static RegisterOperation Read(int process, long value, long call, long ret, long key = 0) =>
        new(process, key, RegisterFunction.Read, value, 0, call, ret);

    public static RegisterOperation Write(int process, long value, long call, long ret, long key = 0) =>
        new(process, key, RegisterFunction.Write, value, 0, call, ret);

    public static RegisterOperation Cas(int process, long from, long to, long call, long ret, long key = 0) =>
        new(process, key, RegisterFunction.Cas, from, to, call, ret);

    public static LinearizabilityVerdict Check(params RegisterOperation[] ops) =>
        LinearizabilityChecker.Check(ops.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.ToList()), 0, TimeSpan.FromSeconds(30));

    // Processes clients each running operations back to back on random keys; a write or cas is
    // indeterminate (never returns) with probability pendingChance, and then takes effect or not.
    public static List<RegisterOperation> SimulateLinearizable(int operations, int processes, int keys, double pendingChance, int seed)
    {
        var random = new Random(seed);
        var planned = new List<(RegisterOperation Op, long Point, bool Applies)>();
        var clocks = new long[processes];
        long nextValue = 1;
        for (var i = 0; i < operations; i++)
        {
            var p = random.Next(processes);
            var call = clocks[p] + random.Next(1, 20);
            var point = call + random.Next(0, 30);
            var ret = point + random.Next(0, 30);
            clocks[p] = ret;
            var key = random.Next(keys);
            var kind = random.Next(4);
            var pending = kind > 1 && random.NextDouble() < pendingChance;
            var op = kind switch
            {
                0 or 1 => Read(p, 0, call, ret, key),
                2 => Write(p, nextValue++, call, pending ? Pending : ret, key),
                _ => Cas(p, 0, nextValue++, call, pending ? Pending : ret, key),
            };
            planned.Add((op, point, !pending || random.Next(2) == 0));
        }
        var state = new Dictionary<long, long>();
        var lastWritten = new Dictionary<long, long>();
        var result = new List<RegisterOperation>();
        foreach (var (op, _, applies) in planned.OrderBy(x => x.Point))
        {
            var current = state.GetValueOrDefault(op.Key, 0);
            switch (op.Function)
            {
                case RegisterFunction.Read:
                    result.Add(op with { Value = current });
                    break;
                case RegisterFunction.Write:
                    if (applies)
                        state[op.Key] = op.Value;
                    result.Add(op);
                    break;
                default:
                    // Half the cas operations expect the current value, the others an older one (and fail,
                    // which makes them no operation at all).
                    var expected = random.Next(2) == 0 ? current : lastWritten.GetValueOrDefault(op.Key, -5);
                    if (expected == current && applies)
                        state[op.Key] = op.CasTo;
                    if (expected == current || op.Indeterminate)
                        result.Add(op with { Value = expected });
                    break;
            }
            if (op.Function != RegisterFunction.Read)
                lastWritten[op.Key] = current;
        }
        return result;
    }
}
