using System.Runtime.InteropServices;

namespace OceanClassic.Common.Storage;

// A page-aligned buffer (O_DIRECT needs aligned memory): a pinned array one page larger than the
// capacity, used from its first page boundary on.
public readonly struct PageBuffer
{
    public const int Page = 4096;

    private readonly byte[] _array;
    private readonly int _offset;

    public PageBuffer(int capacity)
    {
        _array = GC.AllocateUninitializedArray<byte>(capacity + Page, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0).ToInt64();
        _offset = (int)((Page - (address % Page)) % Page);
        Capacity = capacity;
    }

    public int Capacity { get; }
    public Span<byte> Span => _array.AsSpan(_offset, Capacity);
    public Memory<byte> Memory => _array.AsMemory(_offset, Capacity);

    // The address of Span's first byte (the array is pinned for its lifetime), for system calls that take one.
    public IntPtr Address => Marshal.UnsafeAddrOfPinnedArrayElement(_array, _offset);

    public static int RoundUp(int value) => (value + Page - 1) / Page * Page;

    public static long RoundUp(long value) => (value + Page - 1) / Page * Page;
}
