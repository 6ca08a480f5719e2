using OceanClassic.Clients.Tests.Support;

namespace OceanClassic.Clients.Tests;

// Python clients through Debian's interpreter and packages (python3-sqlalchemy 1.4, python3-pymysql):
// what each session checks is written at the top of its script in Sessions/.
[TestClass]
public sealed class PythonSessionTests
{
    [TestMethod]
    [Timeout(180_000)]
    public Task SqlAlchemyCoreCreatesInspectsReflectsAndDropsTablesWithForeignKeysIndexesAndUniqueKeys() =>
        ClientSession.RunAsync("python3", "sqlalchemy_schema.py", "sa_schema");

    [TestMethod]
    [Timeout(180_000)]
    public Task SqlAlchemyOrmCreatesReadsUpdatesAndDeletesRowsThroughItsUnitOfWork() =>
        ClientSession.RunAsync("python3", "sqlalchemy_orm.py", "sa_orm");

    [TestMethod]
    [Timeout(180_000)]
    public Task PymysqlCarriesEveryByteFrom00ToFFThroughBlobAndVarbinary() =>
        ClientSession.RunAsync("python3", "pymysql_bytes.py", "py_bytes");
}
