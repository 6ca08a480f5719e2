using System.Runtime.InteropServices;

namespace OceanClassic.Cluster.Tests.Support;

internal static class Posix
{
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

#pragma warning disable SYSLIB1054, CA5392
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392
}
