using System.Runtime.CompilerServices;
using OceanClassic.Common.Tasks;

namespace OceanClassic.Common.Tests.Tasks;

// The pooled builder of the MergeServer's per-statement async methods: results and exceptions reach the
// awaiter whether the method waited or not, the execution context flows across a wait, and boxes come back
// to the thread's pool, so a second round of many calls waiting at once on one thread makes no new boxes.
[TestClass]
public sealed class ThreadPooledValueTaskMethodBuilderTests
{
    private const int Waiting = 32;

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> AddOneAfterAsync(Gate gate, int value)
    {
        await gate;
        return value + 1;
    }

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder))]
    private static async ValueTask RecordAfterAsync(Gate gate, List<int> seen, int value)
    {
        await gate;
        seen.Add(value);
    }

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    private static async ValueTask<int> FailAsync(Gate gate, bool beforeWaiting)
    {
        if (beforeWaiting)
            throw new InvalidOperationException("before");
        await gate;
        throw new InvalidOperationException("after");
    }

    private static readonly AsyncLocal<string> Flowing = new();

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    private static async ValueTask<string> FlowingValueAfterAsync(Gate gate)
    {
        Flowing.Value = "set inside";
        await gate;
        return Flowing.Value;
    }

    // Starts `Waiting` calls that all wait, opens their gates, reads every result; the bytes this
    // thread allocated meanwhile.
    private static long RoundOfWaitingCalls(Gate[] gates, int offset)
    {
        var calls = new ValueTask<int>[gates.Length];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < gates.Length; i++)
            calls[i] = AddOneAfterAsync(gates[i], offset + i);
        for (var i = 0; i < gates.Length; i++)
            gates[i].Open();
        for (var i = 0; i < gates.Length; i++)
        {
            Assert.IsTrue(calls[i].IsCompletedSuccessfully);
            Assert.AreEqual(offset + i + 1, calls[i].Result);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        foreach (var gate in gates)
            gate.Close();
        return allocated;
    }

    [TestMethod]
    public void ManyCallsWaitingAtOnceOnOneThreadReuseTheirBoxesInTheNextRound()
    {
        var gates = Enumerable.Range(0, Waiting).Select(_ => new Gate()).ToArray();
        var first = RoundOfWaitingCalls(gates, 0);
        var second = RoundOfWaitingCalls(gates, 1000);
        var third = RoundOfWaitingCalls(gates, 2000);

        Assert.IsTrue(first > Waiting * 32L, $"the first round made its boxes ({first} bytes)");
        Assert.AreEqual(0, second, $"the second round allocated {second} bytes");
        Assert.AreEqual(0, third, $"the third round allocated {third} bytes");
    }

    [TestMethod]
    public async Task AMethodThatNeverWaitsAnswersAtOnceWithoutABox()
    {
        var open = new Gate();
        open.Open();
        Assert.AreEqual(8, await AddOneAfterAsync(open, 7));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var call = AddOneAfterAsync(open, 41);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsTrue(call.IsCompletedSuccessfully);
        Assert.AreEqual(42, call.Result);
        Assert.AreEqual(0, allocated);
    }

    [TestMethod]
    public async Task AMethodWithoutAResultCompletesAfterItsWaitInOrder()
    {
        var gates = new[] { new Gate(), new Gate(), new Gate() };
        var seen = new List<int>();
        var calls = gates.Select((g, i) => RecordAfterAsync(g, seen, i)).ToArray();
        gates[2].Open();
        gates[0].Open();
        gates[1].Open();
        foreach (var call in calls)
            await call;

        CollectionAssert.AreEqual(new[] { 2, 0, 1 }, seen);
    }

    [TestMethod]
    public async Task ExceptionsBeforeAndAfterTheFirstWaitReachTheAwaiter()
    {
        var gate = new Gate();
        var before = await Assert.ThrowsExactlyAsync<InvalidOperationException>(async () => await FailAsync(gate, beforeWaiting: true));
        Assert.AreEqual("before", before.Message);

        var failing = FailAsync(gate, beforeWaiting: false);
        Assert.IsFalse(failing.IsCompleted);
        gate.Open();
        var after = await Assert.ThrowsExactlyAsync<InvalidOperationException>(async () => await failing);
        Assert.AreEqual("after", after.Message);
    }

    [TestMethod]
    public void TheMethodsExecutionContextFlowsAcrossItsWait()
    {
        var gate = new Gate();
        Flowing.Value = "outside";
        var call = FlowingValueAfterAsync(gate);
        Flowing.Value = "changed by the opener";
        gate.Open();

        Assert.AreEqual("set inside", call.Result);
        Assert.AreEqual("changed by the opener", Flowing.Value);
    }

    // An awaitable the test opens by hand; its continuation runs on the opening thread.
    private sealed class Gate : ICriticalNotifyCompletion
    {
        private Action? _continuation;

        public bool IsCompleted { get; private set; }

        public Gate GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => _continuation = continuation;

        public void UnsafeOnCompleted(Action continuation) => _continuation = continuation;

        public void Open()
        {
            IsCompleted = true;
            var continuation = _continuation;
            _continuation = null;
            continuation?.Invoke();
        }

        public void Close() => IsCompleted = false;
    }
}
