namespace OceanClassic.UpdateServer.Dump;

// The dumps one replay point needs: its own and, for a delta, every dump it continues down to the
// base, read from their manifests. A missing or mismatched link is damage (DumpCorruptException):
// the chain would load a MemTable without the increments of the missing dump.
public static class DumpChain
{
    // Base first, `head` last.
    public static async Task<List<DumpManifest>> ReadAsync(string dataDir, ulong head, CancellationToken ct)
    {
        var chain = new List<DumpManifest>();
        var seq = head;
        while (true)
        {
            var manifest = await ReadManifestAsync(DumpStore.ManifestPath(dataDir, seq), ct).ConfigureAwait(false);
            if (manifest.LogSequence != seq)
                throw new DumpCorruptException($"dump manifest {DumpStore.ManifestPath(dataDir, seq)} names log seq {manifest.LogSequence}");
            if (chain.Count > 0 && chain[^1].FromVersion != manifest.LastVersion)
            {
                throw new DumpCorruptException(
                    $"dump {chain[^1].LogSequence} continues from version {chain[^1].FromVersion} but dump {seq} ends at {manifest.LastVersion}");
            }
            chain.Add(manifest);
            if (manifest.IsBase)
                break;
            if (!File.Exists(DumpStore.ManifestPath(dataDir, manifest.PreviousSequence)))
            {
                throw new DumpCorruptException(
                    $"dump {seq} continues dump {manifest.PreviousSequence}, whose manifest {DumpStore.ManifestPath(dataDir, manifest.PreviousSequence)} is missing; the UpdateServer will not start from a dump it cannot trust");
            }
            seq = manifest.PreviousSequence;
        }
        chain.Reverse();
        return chain;
    }

    public static async Task<DumpManifest> ReadManifestAsync(string file, CancellationToken ct)
    {
        try
        {
            return DumpManifest.Decode(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false));
        }
        catch (FormatException ex)
        {
            throw new DumpCorruptException($"dump manifest {file} is damaged ({ex.Message}); the UpdateServer will not start from a dump it cannot trust", ex);
        }
        catch (FileNotFoundException ex)
        {
            throw new DumpCorruptException($"dump manifest {file} is missing", ex);
        }
    }
}
