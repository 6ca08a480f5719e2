using System.Diagnostics;

namespace OceanClassic.Cluster.Tests.Support;

// A small tmpfs mounted (as root) on a directory, so a test can fill the disk for real; unmounted
// on dispose. Tests that need one are inconclusive where mounting is not allowed.
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    // Mounts over `path` (created when missing; whatever it held is hidden until the unmount).
    public static TmpfsMount Mount(string path, long bytes)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);
        if (code != 0)
            Assert.Inconclusive($"cannot mount a tmpfs on {path} (needs root): {output}");
        return new TmpfsMount(path);
    }

    // Writes zeros into a filler file until the file system refuses; returns the filler's path.
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[64 << 10];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
                stream.Write(chunk);
        }
        catch (IOException)
        {
        }
        return filler;
    }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 50 && Run("umount", Path).Code != 0; attempt++)
            Thread.Sleep(100); // a process that held a file there is still exiting
    }

    private static (int Code, string Output) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
