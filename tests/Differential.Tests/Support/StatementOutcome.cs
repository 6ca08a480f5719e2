using System.Text;
using OceanClassic.Differential.Tests.TextProtocol;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Differential.Tests.Support;

// What one statement did on one server, as README.md ("Differential tests") compares it: an error
// code, or an OK's affected rows, or result sets (column labels and rows as text, null for SQL NULL).
// Values are the server's own text: RawTextSession hands back the bytes of the text protocol
// unconverted; bytes that are not UTF-8 are shown as 0x hex.
public sealed record StatementOutcome
{
    public int? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public long AffectedRows { get; init; }
    public IReadOnlyList<ResultSet> ResultSets { get; init; } = [];

    public sealed record ResultSet(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

    // A client-side error (2000s) means the connection is gone; the harness opens a new one.
    public bool LostConnection => ErrorCode is >= 2000 and < 3000;

    public static async Task<StatementOutcome> RunAsync(RawTextSession session, string sql, CancellationToken ct = default)
    {
        try
        {
            var response = await session.QueryAsync(sql, ct);
            var sets = response.ResultSets
                .Select(set => new ResultSet(set.Columns, [.. set.Rows.Select(row => (IReadOnlyList<string?>)[.. row.Select(Text)])]))
                .ToList();
            return new StatementOutcome { AffectedRows = response.AffectedRows, ResultSets = sets };
        }
        catch (ObException e)
        {
            return new StatementOutcome { ErrorCode = e.ErrorCode, ErrorMessage = e.Message };
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static string? Text(byte[]? bytes)
    {
        if (bytes is null)
            return null;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return "0x" + Convert.ToHexString(bytes);
        }
    }

    // Equal as README.md ("Differential tests") says; rows as a sorted multiset unless the statement orders them.
    public bool SameAs(StatementOutcome other, bool ordered)
    {
        if (ErrorCode is not null || other.ErrorCode is not null)
            return ErrorCode == other.ErrorCode;
        if (ResultSets.Count != other.ResultSets.Count)
            return false;
        if (ResultSets.Count == 0)
            return AffectedRows == other.AffectedRows;
        for (var s = 0; s < ResultSets.Count; s++)
        {
            var (mine, theirs) = (ResultSets[s], other.ResultSets[s]);
            if (!mine.Columns.SequenceEqual(theirs.Columns, StringComparer.Ordinal))
                return false;
            if (!RowKeys(mine, ordered).SequenceEqual(RowKeys(theirs, ordered), StringComparer.Ordinal))
                return false;
        }
        return true;
    }

    private static IEnumerable<string> RowKeys(ResultSet set, bool ordered)
    {
        var keys = set.Rows.Select(RowKey);
        return ordered ? keys : keys.Order(StringComparer.Ordinal);
    }

    // Unambiguous: NULL differs from the text 'NULL', and a separator inside a value cannot fake a column.
    private static string RowKey(IReadOnlyList<string?> row) =>
        string.Join("\u0001", row.Select(v => v is null ? "\u0000" : "'" + v));

    // For the failure report: short but complete enough to see the difference.
    public string Describe(int maxRows = 20)
    {
        if (ErrorCode is not null)
            return $"error {ErrorCode}: {ErrorMessage}";
        if (ResultSets.Count == 0)
            return $"OK, {AffectedRows} rows affected";
        var text = new StringBuilder();
        foreach (var set in ResultSets)
        {
            text.Append($"{set.Rows.Count} rows [{string.Join(" | ", set.Columns)}]");
            foreach (var row in set.Rows.Take(maxRows))
                text.Append("\n      ").Append(string.Join(" | ", row.Select(v => v ?? "NULL")));
            if (set.Rows.Count > maxRows)
                text.Append("\n      ...");
        }
        return text.ToString();
    }
}
