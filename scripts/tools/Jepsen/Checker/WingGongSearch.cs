// Is one key's register history linearizable? The Wing-Gong search with Lowe's memoisation, as porcupine
// does it: the history is a list of call and return entries in time order (a call before a return at the
// same time, so touching operations count as concurrent). Walking the list, the search tries to linearize
// each call it meets: if the model accepts the operation in the current state and the pair (set of
// operations linearized so far, resulting state) has not been seen before, it takes the operation out of
// the list (call and return), pushes it and starts again from the front. Meeting a return means the
// operation returning there was not linearized before it: undo the last choice and try the next call
// after it; nothing to undo means no linearization exists. An empty list is a linearization.
// The seen set makes the search polynomial in practice; a deadline turns an overlong search into Unknown.
using System.Diagnostics;

namespace OceanClassic.Jepsen.Checker;

public enum CheckOutcome
{
    Valid,
    Invalid,
    Unknown,
}

public static class WingGongSearch
{
    private sealed class Entry
    {
        public required int Id;
        public required bool IsCall;
        public required long Time;
        public Entry? Match;
        public Entry? Prev;
        public Entry? Next;
    }

    public static CheckOutcome Check(IReadOnlyList<RegisterOperation> ops, long initial, TimeSpan budget)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        var head = BuildList(ops);
        var words = (ops.Count + 63) / 64;
        var linearized = new ulong[words];
        var zobrist = ZobristKeys(ops.Count);
        ulong setHash = 0;
        var seen = new HashSet<SeenState>();
        var stack = new Stack<(Entry Call, long State)>();
        var state = initial;
        var entry = head.Next;
        long steps = 0;
        while (head.Next is not null)
        {
            if ((++steps & 0xFFF) == 0 && Stopwatch.GetTimestamp() > deadline)
                return CheckOutcome.Unknown;
            if (entry!.IsCall)
            {
                var op = ops[entry.Id];
                if (RegisterModel.Step(state, op, out var next))
                {
                    var bits = (ulong[])linearized.Clone();
                    bits[entry.Id >> 6] |= 1UL << (entry.Id & 63);
                    var hash = setHash ^ zobrist[entry.Id];
                    if (seen.Add(new SeenState(bits, next, hash)))
                    {
                        stack.Push((entry, state));
                        linearized = bits;
                        setHash = hash;
                        state = next;
                        Lift(entry);
                        entry = head.Next;
                        continue;
                    }
                }
                entry = entry.Next;
            }
            else
            {
                if (stack.Count == 0)
                    return CheckOutcome.Invalid;
                var (call, previous) = stack.Pop();
                linearized = (ulong[])linearized.Clone();
                linearized[call.Id >> 6] &= ~(1UL << (call.Id & 63));
                setHash ^= zobrist[call.Id];
                state = previous;
                Unlift(call);
                entry = call.Next;
            }
        }
        return CheckOutcome.Valid;
    }

    private static Entry BuildList(IReadOnlyList<RegisterOperation> ops)
    {
        var entries = new List<Entry>(ops.Count * 2);
        for (var i = 0; i < ops.Count; i++)
        {
            var call = new Entry { Id = i, IsCall = true, Time = ops[i].Call };
            var ret = new Entry { Id = i, IsCall = false, Time = ops[i].Return };
            call.Match = ret;
            entries.Add(call);
            entries.Add(ret);
        }
        entries.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : b.IsCall.CompareTo(a.IsCall));
        var head = new Entry { Id = -1, IsCall = false, Time = long.MinValue };
        var last = head;
        foreach (var e in entries)
        {
            last.Next = e;
            e.Prev = last;
            last = e;
        }
        return head;
    }

    // Takes a call and its return out of the list; Unlift puts them back (in the reverse order of lifting).
    private static void Lift(Entry call)
    {
        call.Prev!.Next = call.Next;
        call.Next!.Prev = call.Prev;
        var ret = call.Match!;
        ret.Prev!.Next = ret.Next;
        if (ret.Next is not null)
            ret.Next.Prev = ret.Prev;
    }

    private static void Unlift(Entry call)
    {
        var ret = call.Match!;
        ret.Prev!.Next = ret;
        if (ret.Next is not null)
            ret.Next.Prev = ret;
        call.Prev!.Next = call;
        call.Next!.Prev = call;
    }

    private static ulong[] ZobristKeys(int count)
    {
        var random = new Random(20230523);
        var keys = new ulong[count];
        for (var i = 0; i < count; i++)
            keys[i] = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
        return keys;
    }

    private readonly struct SeenState(ulong[] bits, long state, ulong hash) : IEquatable<SeenState>
    {
        private readonly ulong[] _bits = bits;
        private readonly long _state = state;
        private readonly ulong _hash = hash;

        public bool Equals(SeenState other) => _hash == other._hash && _state == other._state && _bits.AsSpan().SequenceEqual(other._bits);

        public override bool Equals(object? obj) => obj is SeenState other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(_hash, _state);
    }
}
