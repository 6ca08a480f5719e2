using OceanClassic.Differential.Tests.Support;

namespace OceanClassic.Differential.Tests;

// One test per corpus file: every statement's outcome on OceanClassic equals MariaDB 10.11's.
[TestClass]
public sealed class CorpusTests
{
    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Files() => CorpusFile.Names().Select(name => new object[] { name });

    public static string FileName(System.Reflection.MethodInfo method, object[] data) => (string)data[0];

    [TestMethod]
    [DynamicData(nameof(Files), DynamicDataDisplayName = nameof(FileName))]
    public async Task EveryStatementOfTheCorpusFileMatchesMariaDb(string file)
    {
        var statements = CorpusFile.Read(file);
        Assert.IsTrue(statements.Count > 0, $"{file} holds no statement");
        var runner = new CorpusRunner(DifferentialServers.Cluster.ConnectionString, DifferentialServers.MariaDb.ConnectionString);
        var result = await runner.RunAsync(file, statements, TestContext.CancellationTokenSource.Token);
        TestContext.WriteLine($"{file}: {result.Statements} statements, {result.Differences.Count} differ");
        if (result.Differences.Count > 0)
            Assert.Fail($"{result.Differences.Count} of {result.Statements} statements differ from MariaDB:\n"
                + string.Join("\n", result.Differences.Select(d => d.ToString())));
    }
}
