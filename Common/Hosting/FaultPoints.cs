namespace OceanClassic.Common.Hosting;

// Named fault-injection points (the idea of Garnet's ExceptionInjectionHelper): where a test must
// catch a server between two steps of its work, the code calls ReachAsync(name). Only when the
// environment variable OCEANCLASSIC_FAULT_DIR names a directory (tests set it) does a point do
// anything: armed by the file `<name>.arm` there, the first caller to reach it turns that file into
// `<name>.reached` and waits there until `<name>.release` appears (which it deletes); meanwhile the
// test pauses the whole process (SIGSTOP) or acts on the others. An arm file that is not empty
// stops only a caller whose detail (e.g. the request's packet code) is its text. Unarmed points cost
// one file check.
public static class FaultPoints
{
    public const string DirectoryVariable = "OCEANCLASSIC_FAULT_DIR";

    private static readonly string? Dir = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir ? dir : null;

    public static ValueTask ReachAsync(string name, CancellationToken ct) => ReachAsync(name, "", ct);

    public static ValueTask ReachAsync(string name, string detail, CancellationToken ct) =>
        Dir is null ? ValueTask.CompletedTask : WaitIfArmedAsync(Dir, name, detail, ct);

    private static async ValueTask WaitIfArmedAsync(string dir, string name, string detail, CancellationToken ct)
    {
        var arm = Path.Combine(dir, name + ".arm");
        if (!File.Exists(arm))
            return;
        try
        {
            if (await File.ReadAllTextAsync(arm, ct).ConfigureAwait(false) is { Length: > 0 } only && only.Trim() != detail)
                return;
        }
        catch (IOException)
        {
            return;
        }
        try
        {
            // The rename is the claim: of callers reaching the point together, one stops.
            File.Move(arm, Path.Combine(dir, name + ".reached"));
        }
        catch (IOException)
        {
            return;
        }
        var release = Path.Combine(dir, name + ".release");
        while (!File.Exists(release))
            await Task.Delay(TimeSpan.FromMilliseconds(10), ct).ConfigureAwait(false);
        File.Delete(release);
    }
}
