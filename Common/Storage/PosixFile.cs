using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OceanClassic.Common.Storage;

// The few libc file calls .NET does not expose: directories opened for fsync, O_DIRECT, fdatasync.
public static class PosixFile
{
    private const int ReadOnly = 0;
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int InvalidArgument = 22;

    // O_DIRECT's value differs between Linux architectures.
    private static int DirectFlag => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    // An O_DIRECT handle (read/write, created if `create`; an existing file must then not exist), or null where
    // the platform or the file system does not take O_DIRECT (tmpfs on older kernels, FUSE).
    public static SafeFileHandle? TryOpenDirect(string path, bool create)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        var flags = ReadWrite | CloseOnExec | DirectFlag | (create ? Create | Exclusive : 0);
        var fd = Open(path, flags, Convert.ToInt32("644", 8));
        if (fd >= 0)
            return new SafeFileHandle(fd, ownsHandle: true);
        var errno = Marshal.GetLastPInvokeError();
        if (errno == InvalidArgument)
            return null;
        throw new IOException($"open({path}, O_DIRECT) failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    // fdatasync: the data and what is needed to read it back (size, block map), not timestamps.
    public static void DataSync(SafeFileHandle handle)
    {
        if (FDataSync(handle) != 0)
            ThrowLastError("fdatasync");
    }

    public static void Sync(SafeFileHandle handle)
    {
        if (FSync(handle) != 0)
            ThrowLastError("fsync");
    }

    // .NET cannot open a directory as a FileStream; fsync it through libc on Unix.
    public static void SyncDirectory(string dir)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        var fd = Open(dir, ReadOnly, 0);
        if (fd < 0)
            return;
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        _ = FSync(handle);
    }

    private static void ThrowLastError(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        throw new IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

#pragma warning disable SYSLIB1054, CA5392, CA2101 // plain P/Invoke keeps the project free of unsafe code
    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Open(string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(SafeFileHandle fd);

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static extern int FDataSync(SafeFileHandle fd);
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
