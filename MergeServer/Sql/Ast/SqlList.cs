using System.Collections;
using System.Runtime.CompilerServices;

namespace OceanClassic.MergeServer.Sql.Ast;

// An immutable list with value equality, so AST records compare structurally (round-trip tests,
// plan caches) instead of by list reference.
[CollectionBuilder(typeof(SqlList), nameof(SqlList.Create))]
public sealed class SqlList<T> : IReadOnlyList<T>, IEquatable<SqlList<T>>
{
    private readonly T[] _items;

    public SqlList(IEnumerable<T> items)
    {
        _items = [.. items];
    }

    private SqlList(T[] items, bool owned)
    {
        _ = owned;
        _items = items;
    }

    public static SqlList<T> Empty { get; } = new([], owned: true);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public static bool operator ==(SqlList<T>? left, SqlList<T>? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(SqlList<T>? left, SqlList<T>? right) => !(left == right);

    // foreach over a SqlList itself takes this struct and allocates nothing (the binder and planner walk
    // these lists on every statement); LINQ and interface callers get the array's enumerator as before.
    public Enumerator GetEnumerator() => new(_items);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(SqlList<T>? other)
    {
        if (other is null || other._items.Length != _items.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < _items.Length; i++)
        {
            if (!comparer.Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as SqlList<T>);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    internal static SqlList<T> Wrap(T[] items) => items.Length == 0 ? Empty : new SqlList<T>(items, owned: true);

    public struct Enumerator
    {
        private readonly T[] _items;
        private int _index;

        internal Enumerator(T[] items)
        {
            _items = items;
            _index = -1;
        }

        public readonly T Current => _items[_index];

        public bool MoveNext() => ++_index < _items.Length;
    }
}

public static class SqlList
{
    public static SqlList<T> Create<T>(ReadOnlySpan<T> items) => SqlList<T>.Wrap(items.ToArray());

    public static SqlList<T> From<T>(List<T> items) => SqlList<T>.Wrap([.. items]);
}
