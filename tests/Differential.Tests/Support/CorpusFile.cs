using System.Text;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Differential.Tests.Support;

// One corpus file (tests/Differential.Tests/Corpus/*.sql, format in README.md, "Differential tests"):
// statements end with ';' at the end of a line and may span lines, '-- ' lines are comments,
// and '-- skip-compare: <reason>' makes the next statement run on both servers without comparing.
public sealed record CorpusStatement(int Line, string Text, string? SkipReason)
{
    // Rows are compared in order only when the statement orders them itself (a top-level ORDER BY).
    public bool Ordered => SqlText.HasTopLevelOrderBy(Text);
}

public static class CorpusFile
{
    private const string SkipCompare = "-- skip-compare:";

    public static string Directory { get; } = Path.Combine(TestCluster.RepoRoot(), "tests", "Differential.Tests", "Corpus");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.sql").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static List<CorpusStatement> Read(string name) => Parse(File.ReadAllLines(Path.Combine(Directory, name)));

    public static List<CorpusStatement> Parse(IReadOnlyList<string> lines)
    {
        var statements = new List<CorpusStatement>();
        var text = new StringBuilder();
        var start = 0;
        string? skip = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (text.Length == 0)
            {
                if (trimmed.StartsWith(SkipCompare, StringComparison.OrdinalIgnoreCase))
                {
                    skip = trimmed[SkipCompare.Length..].Trim();
                    if (skip.Length == 0)
                        throw new FormatException($"line {i + 1}: skip-compare needs a reason");
                    continue;
                }
                if (trimmed.Length == 0 || IsComment(trimmed))
                    continue;
                start = i + 1;
            }
            else if (IsComment(trimmed))
            {
                continue;
            }
            if (text.Length > 0)
                text.Append('\n');
            text.Append(line.TrimEnd());
            if (trimmed.EndsWith(';'))
            {
                var statement = text.ToString().TrimEnd()[..^1].Trim();
                statements.Add(new CorpusStatement(start, statement, skip));
                text.Clear();
                skip = null;
            }
        }
        if (text.Length > 0)
            throw new FormatException($"line {start}: statement does not end with ';' at the end of a line");
        return statements;
    }

    private static bool IsComment(string trimmed) => trimmed == "--" || trimmed.StartsWith("-- ", StringComparison.Ordinal);
}
