namespace OceanClassic.UpdateServer.Transactions;

// A row lock's identity: (table id, encoded rowkey). The hash is computed once.
public readonly struct RowLockKey : IEquatable<RowLockKey>, IComparable<RowLockKey>
{
    private readonly int _hash;

    public RowLockKey(ulong tableId, byte[] rowKey)
    {
        TableId = tableId;
        RowKey = rowKey;
        var h = new HashCode();
        h.Add(tableId);
        h.AddBytes(rowKey);
        _hash = h.ToHashCode();
    }

    public ulong TableId { get; }
    public byte[] RowKey { get; }

    public bool Equals(RowLockKey other) =>
        _hash == other._hash && TableId == other.TableId && RowKey.AsSpan().SequenceEqual(other.RowKey);

    public override bool Equals(object? obj) => obj is RowLockKey other && Equals(other);
    public override int GetHashCode() => _hash;

    public int CompareTo(RowLockKey other)
    {
        var c = TableId.CompareTo(other.TableId);
        return c != 0 ? c : RowKey.AsSpan().SequenceCompareTo(other.RowKey);
    }

    public static bool operator ==(RowLockKey left, RowLockKey right) => left.Equals(right);
    public static bool operator !=(RowLockKey left, RowLockKey right) => !left.Equals(right);
    public static bool operator <(RowLockKey left, RowLockKey right) => left.CompareTo(right) < 0;
    public static bool operator >(RowLockKey left, RowLockKey right) => left.CompareTo(right) > 0;
    public static bool operator <=(RowLockKey left, RowLockKey right) => left.CompareTo(right) <= 0;
    public static bool operator >=(RowLockKey left, RowLockKey right) => left.CompareTo(right) >= 0;
}
