using System.Diagnostics;

namespace OceanClassic.Cluster.Tests.Support;

// Runs a stock client (mysql, sysbench) installed by scripts/deps.sh and captures its output.
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout, string? stdin = null)
    {
        var path = new[] { "/usr/bin/" + tool, "/usr/local/bin/" + tool }.FirstOrDefault(File.Exists)
            ?? throw new AssertFailedException($"{tool} is not installed; scripts/deps.sh installs it (mariadb-client, sysbench)");
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{tool} did not finish within {timeout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
