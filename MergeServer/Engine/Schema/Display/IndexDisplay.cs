using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Schema.Display;

// A table's keys as MariaDB lists them (SHOW INDEX, information_schema.STATISTICS, SHOW CREATE TABLE):
// PRIMARY first, then UNIQUE keys (those whose columns are all NOT NULL before the others), then the
// other keys, each group in creation order (MariaDB's sort_keys).
public static class IndexDisplay
{
    public sealed record Key(string Name, bool Unique, IReadOnlyList<int> Columns);

    public static List<Key> KeysOf(TableSchema t)
    {
        // A table without a PRIMARY KEY shows none (its rowkey is hidden).
        var keys = t.HiddenRowKey ? new List<Key>() : new List<Key> { new("PRIMARY", true, t.RowKeyColumns) };
        var secondary = t.Indexes.Select((index, order) => (index, order))
            .OrderBy(x => x.index.Unique ? (x.index.Columns.All(c => !t.Columns[c].Nullable) ? 0 : 1) : 2)
            .ThenBy(x => x.order);
        keys.AddRange(secondary.Select(x => new Key(x.index.Name, x.index.Unique, x.index.Columns)));
        return keys;
    }

    // SHOW CREATE TABLE's key lines, without separators: PRIMARY KEY (`id`), UNIQUE KEY `u` (`u`), KEY `k` (`k`,`v`).
    public static IEnumerable<string> CreateTableLines(TableSchema t) => KeysOf(t).Select(k =>
        (k.Name == "PRIMARY" ? "PRIMARY KEY" : (k.Unique ? "UNIQUE KEY `" : "KEY `") + k.Name.Replace("`", "``", StringComparison.Ordinal) + "`")
        + " (" + string.Join(",", k.Columns.Select(c => $"`{t.Columns[c].Name.Replace("`", "``", StringComparison.Ordinal)}`")) + ")");
}
