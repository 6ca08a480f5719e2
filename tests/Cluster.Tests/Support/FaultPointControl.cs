namespace OceanClassic.Cluster.Tests.Support;

// Drives a role process's fault points (Common/Hosting/FaultPoints) through its fault directory:
// arm a point (optionally for one detail, e.g. a packet code), wait until the process stops there,
// release it.
public static class FaultPointControl
{
    public static void Arm(this RoleProcess process, string point, string detail = "") =>
        File.WriteAllText(Path.Combine(process.FaultDir, point + ".arm"), detail);

    public static Task WaitReachedAsync(this RoleProcess process, string point, TimeSpan timeout) =>
        TestCluster.WaitUntilAsync(() => Task.FromResult(File.Exists(Path.Combine(process.FaultDir, point + ".reached"))), timeout,
            $"{process.Role}#{process.Instance} to reach the fault point {point}");

    public static void Release(this RoleProcess process, string point)
    {
        File.Delete(Path.Combine(process.FaultDir, point + ".reached"));
        File.WriteAllText(Path.Combine(process.FaultDir, point + ".release"), "");
    }
}
