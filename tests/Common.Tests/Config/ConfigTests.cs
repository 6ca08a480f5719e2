using OceanClassic.Common.Config;

namespace OceanClassic.Common.Tests.Config;

[TestClass]
[DoNotParallelize] // environment variables are process-wide
public sealed class ConfigTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("obcfg").FullName;

    [TestCleanup]
    public void Cleanup()
    {
        Environment.SetEnvironmentVariable("OB_port", null);
        Environment.SetEnvironmentVariable("OB_listen", null);
        Directory.Delete(_dir, true);
    }

    private string WriteFile(string json)
    {
        var path = Path.Combine(_dir, "role.json");
        File.WriteAllText(path, json);
        return path;
    }

    [TestMethod]
    public void CommandLineBeatsEnvironmentWhichBeatsTheFile()
    {
        var file = WriteFile("""{ "port": 1111, "listen": "127.0.0.2", "rs": "127.0.0.1:3000" }""");
        Environment.SetEnvironmentVariable("OB_port", "2222");
        Environment.SetEnvironmentVariable("OB_listen", "127.0.0.3");
        var options = ObConfiguration.Bind<ServerOptions>(ObConfiguration.Build("role", ["--config=" + file, "--port=3333"]));
        Assert.AreEqual(3333, options.Port);
        Assert.AreEqual("127.0.0.3", options.Listen);
        Assert.AreEqual("127.0.0.1:3000", options.Rs);
    }

    [TestMethod]
    public void FileValuesApplyWhenNothingOverridesThem()
    {
        var file = WriteFile("""{ "port": 1111 }""");
        var options = ObConfiguration.Bind<ServerOptions>(ObConfiguration.Build("role", ["--config=" + file]));
        Assert.AreEqual(1111, options.Port);
        Assert.AreEqual("127.0.0.1", options.Listen);
    }

    [TestMethod]
    public void ANonNumericPortIsOneLineNamingTheKey()
    {
        var e = Assert.ThrowsException<ConfigException>(() => ObConfiguration.Bind<ServerOptions>(ObConfiguration.Build("role", ["--port=abc"])));
        StringAssert.Contains(e.Message, "'port'");
        Assert.IsFalse(e.Message.Contains('\n', StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("--port=70000", "port:")]
    [DataRow("--listen=localhost-ish", "listen:")]
    [DataRow("--rs=nohostport", "rs:")]
    [DataRow("--heartbeat_interval=fast", "heartbeat_interval:")]
    [DataRow("--io_threads=-1", "io_threads:")]
    [DataRow("--io_threads=65", "io_threads:")]
    public void InvalidValuesAreRejectedNamingTheKey(string arg, string key)
    {
        var e = Assert.ThrowsException<ConfigException>(() => ObConfiguration.Bind<ServerOptions>(ObConfiguration.Build("role", [arg])));
        StringAssert.Contains(e.Message, key);
    }

    [TestMethod]
    public void IoThreadsDefaultToOnePerFourCoresAndAnExplicitValueWins()
    {
        var automatic = ObConfiguration.Bind<ServerOptions>(ObConfiguration.Build("role", []));
        Assert.AreEqual(Math.Max(1, Environment.ProcessorCount / 4), automatic.EffectiveIoThreads);
        Assert.AreEqual(3, ObConfiguration.Bind<ServerOptions>(ObConfiguration.Build("role", ["--io_threads=3"])).EffectiveIoThreads);
    }

    [TestMethod]
    public void AMissingExplicitConfigFileIsAnError()
    {
        Assert.ThrowsException<ConfigException>(() => ObConfiguration.Build("role", ["--config=" + Path.Combine(_dir, "nope.json")]));
    }

    [TestMethod]
    public void DurationsAcceptUnits()
    {
        Assert.AreEqual(TimeSpan.FromMilliseconds(500), ConfigDuration.Parse("500ms"));
        Assert.AreEqual(TimeSpan.FromSeconds(10), ConfigDuration.Parse("10s"));
        Assert.AreEqual(TimeSpan.FromMinutes(2), ConfigDuration.Parse("2m"));
        Assert.AreEqual(TimeSpan.FromMilliseconds(250), ConfigDuration.Parse("250"));
        Assert.IsFalse(ConfigDuration.TryParse("-1s", out _));
    }
}
