using System.Buffers.Binary;
using System.Globalization;
using OceanClassic.Common.Storage;

namespace OceanClassic.UpdateServer.Replication;

// The newest UPS term this UpdateServer knows, persisted (<data>/ups_term, written atomically)
// before anyone is told it was raised: a term once promised to the RootServer survives a crash, so
// this UPS never again takes log from a master of an older term. Terms only grow.
public sealed class TermStore
{
    public const string FileName = "ups_term";

    private readonly string _path;
    private readonly SemaphoreSlim _write = new(1, 1);
    private ulong _term;

    public TermStore(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, FileName);
        _term = Load(_path);
    }

    public ulong Current => Interlocked.Read(ref _term);

    // Persists `term` when it is newer; returns the current term (>= `term` once this returns).
    public async Task<ulong> RaiseAsync(ulong term, CancellationToken ct)
    {
        if (term <= Current)
            return Current;
        await _write.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (term <= Current)
                return Current;
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, term);
            await DurableFile.WriteAtomicAsync(_path, bytes, ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _term, term);
            return term;
        }
        finally
        {
            _write.Release();
        }
    }

    private static ulong Load(string path)
    {
        if (!File.Exists(path))
            return 0;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != 8)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: {bytes.Length} bytes, a term file holds 8"));
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
