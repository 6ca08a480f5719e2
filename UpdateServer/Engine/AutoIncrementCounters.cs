namespace OceanClassic.UpdateServer.Engine;

// Per-table auto-increment high-water marks (the largest id handed out or explicitly written).
// Mutated only under the engine's apply lock; the mark is logged before a caller sees ids.
public sealed class AutoIncrementCounters
{
    private readonly Dictionary<ulong, ulong> _highWater = [];

    public ulong HighWater(ulong tableId) => _highWater.GetValueOrDefault(tableId);

    public void Raise(ulong tableId, ulong value)
    {
        if (value > _highWater.GetValueOrDefault(tableId))
            _highWater[tableId] = value;
    }

    // Reserves `count` ids above the mark; returns the first.
    public ulong Allocate(ulong tableId, ulong count)
    {
        var first = _highWater.GetValueOrDefault(tableId) + 1;
        _highWater[tableId] = first + count - 1;
        return first;
    }

    public Dictionary<ulong, ulong> Snapshot() => new(_highWater);
}
