using System.Buffers;
using System.Runtime.InteropServices;

namespace OceanClassic.Common.Rpc;

// A byte buffer in native memory (NativeMemory.Alloc), freed when disposed. For buffers that are large,
// short-lived and must not stay resident afterwards: glibc serves an allocation this big with its own
// mapping and unmaps it on free, so the process's RSS drops at once, without waiting for (or forcing) a
// garbage collection. Whoever holds Memory must stop using it before Dispose; pinning is a no-op (native
// memory does not move).
internal sealed unsafe class RpcNativeBuffer : MemoryManager<byte>
{
    private byte* _pointer;
    private readonly int _length;

    public RpcNativeBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _pointer = (byte*)NativeMemory.Alloc((nuint)length);
        _length = length;
    }

    public override Span<byte> GetSpan() =>
        _pointer is null ? throw new ObjectDisposedException(nameof(RpcNativeBuffer)) : new Span<byte>(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return _pointer is null ? throw new ObjectDisposedException(nameof(RpcNativeBuffer)) : new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_pointer is not null)
        {
            NativeMemory.Free(_pointer);
            _pointer = null;
        }
    }
}
