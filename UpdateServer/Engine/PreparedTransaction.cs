using System.Runtime.InteropServices;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.MemTable;
using OceanClassic.UpdateServer.Transactions;

namespace OceanClassic.UpdateServer.Engine;

// An ApplyRequest decoded, resolved (INSERT becomes Replace) and encoded as a log entry before
// the apply lock is taken, so the critical section only checks, stamps and links.
public sealed class PreparedTransaction
{
    private PreparedTransaction(List<LoggedMutation> mutations, List<bool> isInsert, List<(RowLockKey Key, RowLockMode Mode)>? lockOnly,
        List<AutoIncMark> autoInc, byte[] entry, List<UniqueKey>? uniqueKeys, List<int>? items)
    {
        _items = items;
        Mutations = mutations;
        IsInsert = isInsert;
        UniqueKeys = uniqueKeys ?? [];
        LockOnly = lockOnly ?? [];
        AutoInc = autoInc;
        Entry = entry;
    }

    public IReadOnlyList<LoggedMutation> Mutations { get; }
    public IReadOnlyList<bool> IsInsert { get; }

    private readonly List<int>? _items;

    // Mutation i's 1-based place in the request (lock-only rows are not Mutations).
    public int Item(int i) => _items?[i] ?? i + 1;
    // UNIQUE index rows (RowMutation.unique_key): which mutation, its value prefix, its request item.
    public IReadOnlyList<UniqueKey> UniqueKeys { get; }
    // MUT_LOCK / MUT_LOCK_SHARED rows: locked, not changed.
    public IReadOnlyList<(RowLockKey Key, RowLockMode Mode)> LockOnly { get; }
    public IReadOnlyList<AutoIncMark> AutoInc { get; }
    // The log entry (empty when prepared for a transaction: it is logged at commit).
    public byte[] Entry { get; }

    // Every row this request locks, sorted (so two multi-row requests never lock in opposite
    // orders), changed rows exclusively — duplicates are harmless (a held lock is re-entered, and
    // an exclusive entry sorts before a shared one of the same row).
    public (RowLockKey Key, RowLockMode Mode)[] LockKeys()
    {
        var keys = new (RowLockKey Key, RowLockMode Mode)[Mutations.Count + LockOnly.Count + UniqueKeys.Count];
        for (var i = 0; i < Mutations.Count; i++)
            keys[i] = (new RowLockKey(Mutations[i].TableId, Mutations[i].RowKey), RowLockMode.Exclusive);
        for (var i = 0; i < LockOnly.Count; i++)
            keys[Mutations.Count + i] = LockOnly[i];
        // A unique value is locked like a row (a value prefix is never a whole index-row key).
        for (var i = 0; i < UniqueKeys.Count; i++)
            keys[Mutations.Count + LockOnly.Count + i] = (new RowLockKey(Mutations[UniqueKeys[i].Mutation].TableId, UniqueKeys[i].Prefix), RowLockMode.Exclusive);
        if (keys.Length > 1)
            Array.Sort(keys, static (a, b) => a.Key.CompareTo(b.Key) is var c and not 0 ? c : b.Mode.CompareTo(a.Mode));
        return keys;
    }

    public static PreparedTransaction From(ApplyRequest request, bool encodeEntry = true)
    {
        var mutations = new List<LoggedMutation>(request.Mutations.Count);
        var isInsert = new List<bool>(request.Mutations.Count);
        List<(RowLockKey, RowLockMode)>? lockOnly = null;
        List<UniqueKey>? uniqueKeys = null;
        List<int>? items = null;
        var cells = new List<ColumnCell>();
        for (var i = 0; i < request.Mutations.Count; i++)
        {
            var m = request.Mutations[i];
            if (m.Op is MutationOp.MutLock or MutationOp.MutLockShared)
            {
                var mode = m.Op == MutationOp.MutLock ? RowLockMode.Exclusive : RowLockMode.Shared;
                (lockOnly ??= []).Add((new RowLockKey(m.TableId, m.Rowkey.ToByteArray()), mode));
                items ??= [.. Enumerable.Range(1, mutations.Count)];
                continue;
            }
            var kind = m.Op switch
            {
                MutationOp.MutInsert or MutationOp.MutReplace => IncrementKind.Replace,
                MutationOp.MutUpdate => IncrementKind.Update,
                MutationOp.MutDelete => IncrementKind.Delete,
                _ => throw new RpcException(RpcErrorCodes.ProtocolError, $"unknown mutation op {m.Op}"),
            };
            isInsert.Add(m.Op == MutationOp.MutInsert);
            items?.Add(i + 1);
            if (!m.UniqueKey.IsEmpty && kind != IncrementKind.Delete)
                (uniqueKeys ??= []).Add(new UniqueKey(mutations.Count, m.UniqueKey.ToByteArray(), i + 1));
            cells.Clear();
            if (kind != IncrementKind.Delete)
                DecodeCells(m.Cells.Span, cells);
            mutations.Add(new LoggedMutation(m.TableId, OwnBytes(m.Rowkey), kind, ColumnCells.Normalize(cells)));
        }
        var marks = request.AutoInc.Count == 0 ? NoMarks : request.AutoInc.Select(a => new AutoIncMark(a.TableId, a.Value)).ToList();
        var entry = encodeEntry ? new CommitLogPayload(mutations, marks).EncodeWithHeaderSpace() : [];
        return new PreparedTransaction(mutations, isInsert, lockOnly, marks, entry, uniqueKeys, items);
    }

    private static readonly List<AutoIncMark> NoMarks = [];

    // A parsed request's bytes are its own exact array (nothing else refers to or changes it): the
    // MemTable can keep that array instead of a copy.
    private static byte[] OwnBytes(Google.Protobuf.ByteString bytes) =>
        MemoryMarshal.TryGetArray(bytes.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToByteArray();

    private static void DecodeCells(ReadOnlySpan<byte> block, List<ColumnCell> cells)
    {
        var pos = 0;
        try
        {
            while (pos < block.Length)
            {
                var id = checked((int)CellCodec.ReadVarUInt(block, ref pos));
                cells.Add(new ColumnCell(id, CellCodec.Read(block, ref pos)));
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new RpcException(RpcErrorCodes.ProtocolError, $"bad cells in mutation at offset {pos}: {ex.Message}");
        }
    }
}

// Mutation = position in Mutations; Item = 1-based position in the request (RpcError.item).
public readonly record struct UniqueKey(int Mutation, byte[] Prefix, int Item);
