using System.Diagnostics;

namespace OceanClassic.Cluster.Tests.Support;

// One role instance: a real OS process with its own data dir and log file. On a simulated host it runs
// inside that host's network namespace (`ip netns exec` execs the role, so Pid is the role's own).
public sealed class RoleProcess(string role, int instance, string binary, string dataDir, IReadOnlyList<string> args, int port, int sqlPort = 0,
    SimulatedHost? host = null)
{
    private Process? _process;

    public string Role { get; } = role;
    public int Instance { get; } = instance;
    public int Port { get; } = port;
    public int SqlPort { get; } = sqlPort;
    public SimulatedHost? Host { get; } = host;
    public string Ip => Host?.Ip ?? "127.0.0.1";
    public string Address => $"{Ip}:{Port}";
    public string LogPath => Path.Combine(dataDir, "log");
    // The role's --data_dir (an UpdateServer's commitlog/ is under it).
    public string DataDir => Path.Combine(dataDir, "data");
    // Where the process looks for armed fault points (Common/Hosting/FaultPoints; see FaultPointControl).
    public string FaultDir => Path.Combine(dataDir, "faults");
    public int Pid => _process?.Id ?? 0;
    public bool Running => _process is { HasExited: false };

    public void Start()
    {
        Directory.CreateDirectory(dataDir);
        var psi = new ProcessStartInfo(Host is null ? binary : "ip")
        {
            WorkingDirectory = dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Host is { } h)
        {
            foreach (var a in (string[])["netns", "exec", h.Namespace, binary])
                psi.ArgumentList.Add(a);
        }
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        if (Host is not null)
        {
            psi.ArgumentList.Add($"--listen={Host.Ip}");
            psi.ArgumentList.Add($"--advertise={Host.Ip}");
        }
        Directory.CreateDirectory(FaultDir);
        psi.Environment[OceanClassic.Common.Hosting.FaultPoints.DirectoryVariable] = FaultDir;
        psi.ArgumentList.Add($"--data_dir={DataDir}");
        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Flush(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    // SIGKILL: the failure drill.
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: false);
            p.WaitForExit();
        }
    }

    // SIGSTOP / SIGCONT: the whole process stops where it is (its sockets still accept connections).
    public void Pause() => Signal(Posix.SigStop);

    public void Resume() => Signal(Posix.SigCont);

    private void Signal(int signal)
    {
        if (_process is not { HasExited: false } p || Posix.Kill(p.Id, signal) != 0)
            throw new InvalidOperationException($"{Role}#{Instance} is not running: signal {signal} not sent");
    }

    // SIGTERM and wait for a clean exit; returns the exit code.
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } p)
            return _process?.ExitCode ?? 0;
        _ = Posix.Kill(p.Id, Posix.SigTerm);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
        return p.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    // The console logger writes from a background queue, so a line can trail the reply that
    // followed the event it reports: wait for it instead of reading once.
    public async Task WaitForLogAsync(string pattern, string what, TimeSpan? timeout = null)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        var clock = Stopwatch.StartNew();
        string log;
        while (!regex.IsMatch(log = ReadLog()))
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
                throw new AssertFailedException($"{Role}#{Instance} log never matched /{pattern}/ ({what}):\n{log[^Math.Min(4000, log.Length)..]}");
            await Task.Delay(50);
        }
    }
}

// Where a role instance runs when the cluster has simulated hosts: the host's number, namespace and address.
public sealed record SimulatedHost(int Number, string Namespace, string Ip);
