using System.Diagnostics;
using System.Text;

namespace OceanClassic.Cluster.Tests.Support;

// Runs a stock client (mysql, mariadb-dump, sysbench) installed by scripts/deps.sh and captures its
// output. RunBytesAsync feeds stdin from a file and returns stdout as bytes: dumps hold binary values
// that are not UTF-8.
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout, string? stdin = null)
    {
        var (code, stdout, stderr) = await RunCoreAsync(tool, args, timeout,
            stdin is null ? null : new MemoryStream(new UTF8Encoding(false).GetBytes(stdin)));
        return (code, Encoding.UTF8.GetString(stdout) + stderr);
    }

    public static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunBytesAsync(string tool, IEnumerable<string> args, TimeSpan timeout,
        string? stdinFile = null)
    {
        await using var input = stdinFile is null ? null : File.OpenRead(stdinFile);
        return await RunCoreAsync(tool, args, timeout, input);
    }

    private static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunCoreAsync(string tool, IEnumerable<string> args, TimeSpan timeout,
        Stream? stdin)
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
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await stdin.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        }
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
        await copyOut;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }
}
