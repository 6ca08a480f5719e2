using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Clients.Tests.Support;

// Runs one scripted client session (tests/Clients.Tests/Sessions, run from the source tree so the Node
// sessions find the packages scripts/deps.sh installed beside them) as a real process against the
// cluster: `<interpreter> <script> <port> <database>`. A session checks every outcome itself and ends
// with the line "ok"; on the first mismatch it prints the reason and exits 1, which fails the test with
// the session's whole output.
public static class ClientSession
{
    public static string Folder => Path.Combine(TestCluster.RepoRoot(), "tests", "Clients.Tests", "Sessions");

    public static async Task RunAsync(string interpreter, string script, string database, TimeSpan? timeout = null)
    {
        var path = Path.Combine(Folder, script);
        Assert.IsTrue(File.Exists(path), $"{path} is missing");
        if (interpreter == "node")
            Assert.IsTrue(Directory.Exists(Path.Combine(Folder, "node_modules")), "the Node packages are not installed: run scripts/deps.sh");
        var (code, output) = await ExternalTool.RunAsync(interpreter, [path, $"{SessionCluster.SqlPort}", database],
            timeout ?? TimeSpan.FromSeconds(150));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreEqual(0, code, $"{script} failed:\n{output}");
        Assert.AreEqual("ok", lines.LastOrDefault(), $"{script} did not finish:\n{output}");
    }
}
