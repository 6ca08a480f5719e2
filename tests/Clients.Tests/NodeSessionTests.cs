using OceanClassic.Clients.Tests.Support;

namespace OceanClassic.Clients.Tests;

// Node clients from npm (versions pinned in Sessions/package-lock.json, installed by scripts/deps.sh):
// what each session checks is written at the top of its script in Sessions/.
[TestClass]
public sealed class NodeSessionTests
{
    [TestMethod]
    [Timeout(180_000)]
    public Task Mysql2QueryAndExecuteRoundTripFourByteCharacters() =>
        ClientSession.RunAsync("node", "mysql2_session.js", "node_mysql2");

    [TestMethod]
    [Timeout(180_000)]
    public Task KnexMigrationsUpsertsAndTransactionsRunAsAgainstMySql() =>
        ClientSession.RunAsync("node", "knex_session.js", "node_knex");

    [TestMethod]
    [Timeout(180_000)]
    public Task SequelizeSyncUpsertAndTransactionsRunAsAgainstMySql() =>
        ClientSession.RunAsync("node", "sequelize_session.js", "node_sequelize");
}
