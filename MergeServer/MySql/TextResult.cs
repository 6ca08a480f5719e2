using OceanClassic.Common.MySql;

namespace OceanClassic.MergeServer.MySql;

// A small result set of text columns (SHOW output).
public static class TextResult
{
    public static async ValueTask WriteAsync(IResultSink sink, IReadOnlyList<string> columns, IEnumerable<string?[]> rows)
    {
        var writer = sink.BeginResultSet([.. columns.Select(c => new ResultColumn(c, MySqlColumnType.VarString, Length: 256))]);
        foreach (var row in rows)
            await writer.WriteRow(row);
        await writer.End();
    }
}
