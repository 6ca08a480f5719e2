using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "(", ")", ",", "'", "\"", "`", "\\", ";", "/*", "*/", "/*!", "--", "#", "@@", "@", ".", "*", "-", "NOT",
        "NULL", "SELECT", "FROM", "WHERE", "AND", "BETWEEN", "IN", "IS", "LIKE", "CASE", "END", "0x", "X'", "1e",
        "9999999999999999999999999999999999", "?", "=", "<=>", "\n", " ", "DEFAULT", "KEY", "LIMIT", "INTERVAL",
    ];

    // Parses or rejects with SqlSyntaxException; anything it parses must also survive a round trip.
    private static void Check(string sql)
    {
        Statement statement;
        try
        {
            statement = SqlParser.Parse(sql);
        }
        catch (SqlSyntaxException)
        {
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} for input: {sql}\n{e}");
            return;
        }

        string printed = statement.ToSql();
        Statement reparsed;
        try
        {
            reparsed = SqlParser.Parse(printed);
        }
        catch (SqlSyntaxException e)
        {
            Assert.Fail($"printed form does not parse: {printed}\nfrom: {sql}\n{e.Message}");
            return;
        }

        Assert.AreEqual(statement, reparsed, $"round trip changed the AST: {sql} -> {printed}");
    }

    [TestMethod]
    public void EveryTruncationOfTheCorpusParsesOrFailsWithASyntaxError()
    {
        foreach (string query in QueryCorpus.Queries)
        {
            for (int length = 0; length < query.Length; length++)
            {
                Check(query[..length]);
            }
        }
    }

    [TestMethod]
    public void RandomMutationsOfTheCorpusParseOrFailWithASyntaxError()
    {
        var random = new Random(Knob("FUZZ_SEED", 20240601));
        int perQuery = Knob("FUZZ_N", 200);
        foreach (string query in QueryCorpus.Queries)
        {
            for (int i = 0; i < perQuery; i++)
            {
                Check(Mutate(query, random));
            }
        }
    }

    // FUZZ_SEED / FUZZ_N let a developer run a longer campaign locally; CI uses the fixed defaults.
    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

    private static string Mutate(string query, Random random)
    {
        int at = random.Next(query.Length + 1);
        switch (random.Next(4))
        {
            case 0:
                return query.Insert(at, Fragments[random.Next(Fragments.Length)]);
            case 1:
                int length = Math.Min(random.Next(1, 8), query.Length - at);
                return query.Remove(at, length);
            case 2:
                return at < query.Length
                    ? query[..at] + (char)random.Next(32, 127) + query[(at + 1)..]
                    : query + (char)random.Next(32, 127);
            default:
                int other = random.Next(query.Length + 1);
                (int from, int to) = at <= other ? (at, other) : (other, at);
                return query[..to] + query[from..to] + query[to..];
        }
    }
}
