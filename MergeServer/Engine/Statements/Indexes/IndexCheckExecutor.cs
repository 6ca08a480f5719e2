using System.Globalization;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Indexes;

// ALTER SYSTEM CHECK INDEX t: compares every index of t with t itself, both read at one committed
// version, and answers one row per index: the base rows, the index rows, and
// - Missing: base rows with no index row of their current values,
// - Dangling: index rows whose primary key has no live base row,
// - Mismatched: index rows whose base row lives but holds other values (key or any cell differs).
// A healthy table answers zeros. Building indexes are checked too (a build in progress may show Missing).
public static class IndexCheckExecutor
{
    public static async ValueTask ExecuteAsync(CheckIndexStatement s, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(s.Table);
        var snapshot = new ReadSnapshot(await context.Engine.Writer.CommittedVersionAsync(context.Ct));
        var layouts = context.Schema.IndexLayoutsOf(table).ToList();
        var needed = layouts.SelectMany(l => l.BaseColumns).Distinct().ToList();
        var baseRows = await DmlRowReader.ReadAsync(context, table, null, needed, snapshot);
        var byKey = new Dictionary<string, ObObj[]>(baseRows.Count);
        foreach (var row in baseRows)
            byKey[Hex(MutationBuilder.RowKey(table, row))] = row;
        var result = new List<string?[]>();
        foreach (var layout in layouts)
        {
            var all = Enumerable.Range(0, layout.Table.Columns.Count).ToList();
            var entries = await DmlRowReader.ReadAsync(context, layout.Table, null, all, snapshot);
            var (missing, dangling, mismatched) = Compare(layout, byKey, entries);
            result.Add([table.Name, layout.Index.Name, layout.Index.IsReady ? "READY" : "BUILDING", Text(baseRows.Count), Text(entries.Count),
                Text(missing), Text(dangling), Text(mismatched)]);
        }
        await TextResult.WriteAsync(sink, ["Table", "Key_name", "State", "Rows", "Entries", "Missing", "Dangling", "Mismatched"], result);
    }

    public static (int Missing, int Dangling, int Mismatched) Compare(Schema.IndexLayout layout, Dictionary<string, ObObj[]> baseRows, List<ObObj[]> entries)
    {
        int dangling = 0, mismatched = 0;
        var present = new HashSet<string>(entries.Count);
        foreach (var entry in entries)
        {
            var key = Hex(RowKeyCodec.Encode(entry, layout.Table));
            present.Add(key);
            if (!baseRows.TryGetValue(Hex(layout.BaseRowKey(entry)), out var row))
            {
                dangling++;
                continue;
            }
            var expected = layout.IndexRow(row);
            if (Hex(RowKeyCodec.Encode(expected, layout.Table)) != key || !SameCells(expected, entry))
                mismatched++;
        }
        var missing = baseRows.Values.Count(row => !present.Contains(Hex(layout.RowKey(row))));
        return (missing, dangling, mismatched);
    }

    private static bool SameCells(ObObj[] a, ObObj[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].IsNull != b[i].IsNull || a[i].Type != b[i].Type || a[i].ToText() != b[i].ToText())
                return false;
        }
        return true;
    }

    private static string Hex(byte[] key) => Convert.ToHexString(key);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
