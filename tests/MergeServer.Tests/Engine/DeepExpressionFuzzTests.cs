using System.Diagnostics;
using System.Globalization;
using System.Text;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// Seeded fuzzing of wide and deep expressions of every operator kind (arithmetic, comparison, AND/OR/XOR,
// NOT, unary minus, CASE, IN lists, function calls, parentheses, string concatenation) through the whole
// engine, in the select list and as a filter pushed to the (in-memory) ChunkServer. Each statement must
// answer or fail with a clean MySQL error (never 1105 "internal error"), and the session must answer
// SELECT 1 afterwards; a stack overflow would end the test process. FUZZ_SEED / FUZZ_N widen a local run.
[TestClass]
public sealed class DeepExpressionFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private static readonly string[] ChainOperators =
        ["+", "-", "*", "/", "DIV", "%", "=", "<>", "<", "<=", ">", ">=", "<=>", "AND", "OR", "XOR", "&&", "||", "|", "&", "^", "<<", ">>"];

    private static readonly (string Open, string Close)[] Wrappers =
    [
        ("(", ")"), ("NOT ", ""), ("- ", ""), ("~", ""), ("!", ""), ("CASE WHEN 1 THEN ", " END"), ("CASE k WHEN 1 THEN 2 ELSE ", " END"),
        ("ABS(", ")"), ("CONCAT('a', ", ")"), ("IFNULL(", ", 0)"), ("k IN (1, ", ")"), ("1 + (", ")"), ("(", ") IS NULL"), ("CAST(", " AS SIGNED)"),
    ];

    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

    [TestMethod]
    public async Task WideAndDeepExpressionsAnswerOrFailCleanly()
    {
        var random = new Random(Knob("FUZZ_SEED", 20261206));
        int cases = Knob("FUZZ_N", 60);
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (1, 1, 'a', 'x'), (2, 0, 'b', 'y'), (3, 7, 'c', ''), (4, -3, '', 'z')");
        var clock = Stopwatch.StartNew();
        int answered = 0;
        for (int i = 0; i < cases && clock.Elapsed < Budget; i++)
        {
            string expr = Generate(random, i);
            foreach (string sql in new[] { $"SELECT {expr} FROM sbtest1", $"SELECT COUNT(*) FROM sbtest1 WHERE {expr}" })
            {
                var sink = await h.RunAsync(sql);
                if (sink.Failure is { } failure)
                {
                    Assert.AreNotEqual(ErrorCodes.Unknown, failure.Code, $"case {i}: {failure.Message}\n{Head(sql)}");
                    Assert.IsFalse(string.IsNullOrEmpty(failure.Message));
                }
                else
                {
                    Assert.IsTrue(((CapturingSink.ResultSet)sink.Results[^1]).Ended, $"case {i}: {Head(sql)}");
                    answered++;
                }

                Assert.AreEqual("1", (await h.RowsAsync("SELECT 1"))[0][0], $"after case {i}");
            }
        }

        Assert.IsTrue(answered > 0, "no statement answered at all");
    }

    private static string Head(string sql) => sql.Length > 300 ? sql[..300] + "…" : sql;

    // Case i cycles through the shapes: a wide chain, a deep nest, a random tree, a nest of chains.
    private static string Generate(Random random, int i) => (i % 4) switch
    {
        0 => WideChain(random, random.Next(1000, 20_000)),
        1 => DeepNest(random, Wrappers[random.Next(Wrappers.Length)], random.Next(50, 3000), Atom(random)),
        2 => Tree(random, 6),
        _ => DeepNest(random, Wrappers[random.Next(Wrappers.Length)], random.Next(10, 400), "(" + WideChain(random, random.Next(100, 2000)) + ")"),
    };

    private static string WideChain(Random random, int terms)
    {
        string op = ChainOperators[random.Next(ChainOperators.Length)];
        bool inList = random.Next(6) == 0;
        var sb = new StringBuilder(terms * 8);
        if (inList)
        {
            sb.Append("k IN (");
        }

        for (int t = 0; t < terms; t++)
        {
            if (t > 0)
            {
                sb.Append(inList ? ", " : $" {op} ");
            }

            sb.Append(random.Next(8) == 0 ? Tree(random, 2) : Atom(random));
        }

        return inList ? sb.Append(')').ToString() : sb.ToString();
    }

    private static string DeepNest(Random random, (string Open, string Close) wrapper, int levels, string core)
    {
        var sb = new StringBuilder((wrapper.Open.Length + wrapper.Close.Length) * levels + core.Length);
        for (int l = 0; l < levels; l++)
        {
            sb.Append(wrapper.Open);
        }

        sb.Append(random.Next(3) == 0 ? Tree(random, 2) : core);
        for (int l = 0; l < levels; l++)
        {
            sb.Append(wrapper.Close);
        }

        return sb.ToString();
    }

    // A random expression of every kind, at most `depth` levels.
    private static string Tree(Random random, int depth)
    {
        if (depth == 0)
        {
            return Atom(random);
        }

        string Sub() => Tree(random, depth - 1);
        return random.Next(12) switch
        {
            0 => $"{Sub()} {ChainOperators[random.Next(ChainOperators.Length)]} {Sub()}",
            1 => $"NOT {Sub()}",
            2 => $"-({Sub()})",
            3 => $"CASE WHEN {Sub()} THEN {Sub()} ELSE {Sub()} END",
            4 => $"CASE {Sub()} WHEN {Sub()} THEN {Sub()} END",
            5 => $"{Sub()} IN ({Sub()}, {Sub()}, {Atom(random)})",
            6 => $"CONCAT({Sub()}, {Sub()})",
            7 => $"IF({Sub()}, {Sub()}, {Sub()})",
            8 => $"({Sub()})",
            9 => $"{Sub()} BETWEEN {Atom(random)} AND {Atom(random)}",
            10 => $"COALESCE({Sub()}, {Sub()})",
            _ => $"{Sub()} LIKE 'a%'",
        };
    }

    private static string Atom(Random random) => random.Next(7) switch
    {
        0 => "k",
        1 => "id",
        2 => "c",
        3 => "NULL",
        4 => "'" + (char)('a' + random.Next(3)) + "'",
        5 => (random.Next(100) - 50).ToString(CultureInfo.InvariantCulture),
        _ => "1",
    };
}
