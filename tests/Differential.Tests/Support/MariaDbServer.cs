using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Differential.Tests.TextProtocol;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Differential.Tests.Support;

// A private MariaDB 10.11 (Debian's mariadb-server binaries) for the differential suite: a fresh data dir
// made by mariadb-install-db, mariadbd on a free loopback port (never 3306) with the settings that
// decide results set like OceanClassic's defaults, ready when a connection succeeds, stopped by its pid.
public sealed class MariaDbServer : IAsyncDisposable
{
    private const string ServerBinary = "/usr/sbin/mariadbd";
    private const string InstallBinary = "/usr/bin/mariadb-install-db";

    // MariaDB 10.11's default strict mode, spelled out so a my.cnf elsewhere cannot change it.
    private const string SqlMode = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";

    private readonly Process _process;
    private readonly string _directory;

    private MariaDbServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string? database = null) =>
        $"Server=127.0.0.1;Port={Port};User=root;Password=;ConnectTimeout=10;CommandTimeout=60" + (database is null ? "" : $";Database={database}");

    public static async Task<MariaDbServer> StartAsync(CancellationToken ct = default)
    {
        if (!File.Exists(ServerBinary) || !File.Exists(InstallBinary))
            throw new InvalidOperationException($"{ServerBinary} is not installed; scripts/deps.sh installs Debian's mariadb-server");
        var directory = Directory.CreateTempSubdirectory("mariadb").FullName;
        var data = Path.Combine(directory, "data");
        await RunInstallAsync(directory, data, ct);

        var port = FreePorts.Next();
        while (port == 3306)
            port = FreePorts.Next();
        var psi = new ProcessStartInfo(ServerBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--no-defaults", $"--datadir={data}", $"--port={port}", $"--socket={Path.Combine(directory, "sock")}",
            "--bind-address=127.0.0.1", $"--pid-file={Path.Combine(directory, "pid")}", $"--log-error={LogPath(directory)}",
            "--skip-log-bin", "--skip-name-resolve", $"--sql-mode={SqlMode}",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
            // OceanClassic reads committed data (README: READ COMMITTED instead of REPEATABLE READ).
            "--transaction-isolation=READ-COMMITTED", "--default-time-zone=+00:00",
            "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M", "--innodb-flush-log-at-trx-commit=0",
            "--performance-schema=OFF", "--max-connections=50",
        })
            psi.ArgumentList.Add(arg);
        if (Environment.UserName == "root")
            psi.ArgumentList.Add("--user=root"); // mariadbd refuses to run as root unless told so
        var process = Process.Start(psi) ?? throw new InvalidOperationException("mariadbd did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MariaDbServer(process, directory, port);
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), ct);
            return server;
        }
        catch
        {
            var log = server.ReadLog();
            await server.DisposeAsync();
            throw new InvalidOperationException("mariadbd did not become ready:\n" + log);
        }
    }

    private static string LogPath(string directory) => Path.Combine(directory, "error.log");

    public string ReadLog()
    {
        var path = LogPath(_directory);
        return File.Exists(path) ? string.Join("\n", File.ReadAllLines(path).TakeLast(40)) : "";
    }

    private static async Task RunInstallAsync(string directory, string data, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(InstallBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--no-defaults", $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db" })
            psi.ArgumentList.Add(arg);
        if (Environment.UserName == "root")
            psi.ArgumentList.Add("--user=root");
        using var install = Process.Start(psi) ?? throw new InvalidOperationException("mariadb-install-db did not start");
        var output = install.StandardOutput.ReadToEndAsync(ct);
        var errors = install.StandardError.ReadToEndAsync(ct);
        await install.WaitForExitAsync(ct);
        if (install.ExitCode != 0)
            throw new InvalidOperationException($"mariadb-install-db into {directory} exited with {install.ExitCode}:\n{await output}\n{await errors}");
    }

    // Ready when a client session opens; the process ending first is a failure, not a wait.
    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"mariadbd exited with {_process.ExitCode}");
            try
            {
                await using var connection = await RawTextSession.OpenAsync(ConnectionString(), ct);
                return;
            }
            catch (ObException e)
            {
                last = e;
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"mariadbd not ready after {timeout.TotalSeconds}s (last error: {last?.Message})");
    }

    // SIGTERM (a clean shutdown), SIGKILL if it takes too long; then the data dir goes.
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Posix.Kill(_process.Id, Posix.SigTerm);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, true);
        }
        catch (IOException)
        {
        }
    }

    // For a test host that ends without running cleanup: no mariadbd may outlive it.
    public void KillNow()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }
}
