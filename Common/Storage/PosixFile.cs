using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OceanClassic.Common.Storage;

// The few libc file calls .NET does not expose: directories opened for fsync, O_DIRECT, fdatasync,
// pwritev2 with RWF_DSYNC.
public static class PosixFile
{
    private const int ReadOnly = 0;
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int InvalidArgument = 22;
    private const int NotImplemented = 38;
    private const int NotSupported = 95;
    // pwritev2's per-write O_DSYNC.
    private const int WriteDataSync = 0x2;

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

    // One pwritev2(RWF_DSYNC) of `length` bytes at `address` (pinned memory) to `offset`: it returns once the bytes and
    // what is needed to read them back are on stable storage, as write + fdatasync would (the kernel issues the
    // device's cache flush itself, or a FUA write where the device takes one). Returns the bytes written (fewer only
    // when the device ran out of room part way), or -1 when the kernel does not take the flag: nothing was written.
    public static long TryWriteDataSync(SafeFileHandle handle, IntPtr address, int length, long offset)
    {
        var vector = new IoVector(address, (nuint)length);
        var written = PWriteV2(handle, in vector, 1, offset, WriteDataSync);
        if (written >= 0)
            return written;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is NotSupported or NotImplemented)
            return -1;
        throw new IOException($"pwritev2(RWF_DSYNC) failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
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

    [DllImport("libc", EntryPoint = "pwritev2", SetLastError = true)]
    private static extern nint PWriteV2(SafeFileHandle fd, in IoVector vector, int count, long offset, int flags);

    // struct iovec
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct IoVector(IntPtr address, nuint length)
    {
        public readonly IntPtr Address = address;
        public readonly nuint Length = length;
    }
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
