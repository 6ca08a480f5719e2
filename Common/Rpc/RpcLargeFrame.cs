using System.Buffers;

namespace OceanClassic.Common.Rpc;

// Collects one big frame outside the transport pipe. A pipe pauses its producer once too many bytes
// sit unconsumed, and a partial frame is never consumed, so frames larger than the transport's
// buffer limit (Kestrel: 1 MiB) would otherwise stall forever. Up to PooledLimit the buffer comes from
// the shared pool; a bigger one is native memory (RpcNativeBuffer) freed the moment the frame has been
// handled, so the allocator hands it back to the OS at once: a managed array would sit in the large
// object heap until a full collection that nothing triggers (eight 60 MiB frames stayed resident), and
// the shared pool keeps whatever it is given. The frame's bytes must not be used after Dispose: the
// handler parses (copies) the body before the session disposes the frame.
internal sealed class RpcLargeFrame : IDisposable
{
    private const int PooledLimit = 1024 * 1024;

    private byte[]? _pooled;
    private RpcNativeBuffer? _native;
    private readonly int _size;
    private int _filled;

    public RpcLargeFrame(int size)
    {
        _size = size;
        if (size <= PooledLimit)
        {
            _pooled = ArrayPool<byte>.Shared.Rent(size);
        }
        else
        {
            _native = new RpcNativeBuffer(size);
        }
    }

    public ReadOnlySequence<byte> Frame => new(Memory);

    private Memory<byte> Memory =>
        _pooled is { } pooled ? pooled.AsMemory(0, _size)
        : _native is { } native ? native.Memory
        : throw new ObjectDisposedException(nameof(RpcLargeFrame));

    // Moves bytes from `input` into the frame; true once the whole frame is here.
    public bool Fill(ref ReadOnlySequence<byte> input)
    {
        var target = Memory.Span;
        int take = (int)Math.Min(_size - _filled, input.Length);
        input.Slice(0, take).CopyTo(target[_filled..]);
        input = input.Slice(take);
        _filled += take;
        return _filled == _size;
    }

    public void Dispose()
    {
        if (_pooled is { } pooled)
        {
            _pooled = null;
            ArrayPool<byte>.Shared.Return(pooled);
        }
        if (_native is { } native)
        {
            _native = null;
            ((IDisposable)native).Dispose();
        }
    }
}
