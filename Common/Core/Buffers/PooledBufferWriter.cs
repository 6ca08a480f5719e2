using System.Buffers;

namespace OceanClassic.Common.Buffers;

// Growable payload buffer rented from the shared pool up to RetainLimit; beyond it the array is a plain
// one the GC takes back, never the pool's (the shared pool keeps what it is given, so one 60 MB packet
// would stay resident after its connection closed). Reset drops an oversized array so an idle
// connection does not pin a large buffer.
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;
    private const int RetainLimit = 1024 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _written;

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Reset()
    {
        _written = 0;
        if (_buffer.Length > RetainLimit)
        {
            Release(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Write(ReadOnlySequence<byte> data)
    {
        Ensure((int)data.Length);
        data.CopyTo(_buffer.AsSpan(_written));
        _written += (int)data.Length;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            Release(_buffer);
            _buffer = [];
            _written = 0;
        }
    }

    private static void Release(byte[] buffer)
    {
        if (buffer.Length <= RetainLimit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var newSize = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)_written + sizeHint));
        var next = newSize <= RetainLimit ? ArrayPool<byte>.Shared.Rent(newSize) : GC.AllocateUninitializedArray<byte>(newSize);
        _buffer.AsSpan(0, _written).CopyTo(next);
        if (_buffer.Length > 0)
        {
            Release(_buffer);
        }

        _buffer = next;
    }
}
