using System.Buffers;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;

namespace OceanClassic.MergeServer.MySql;

// The column definition packets of the result sets a session sends again and again, encoded once. A
// prepared statement whose plan is kept (PreparedSelectPlanner) hands the same column list to every
// execution: the second time a list is seen its definitions are encoded into one buffer, and from then
// on written as bytes. A text statement's plan makes a new list each time, which is never seen twice
// and is encoded as before, with no copy kept. Lists are told apart by reference: a result's columns
// are immutable records in a list nobody changes after planning.
internal sealed class ResultColumnEncodings
{
    private const int Slots = 8;
    private readonly IReadOnlyList<ResultColumn>?[] _seenOnce = new IReadOnlyList<ResultColumn>?[Slots];
    private readonly EncodedColumns?[] _encoded = new EncodedColumns?[Slots];
    private int _nextSeen;
    private int _nextEncoded;

    // The encoded definitions of `columns`, or null while the list has been seen only this once.
    public EncodedColumns? Find(IReadOnlyList<ResultColumn> columns)
    {
        foreach (var encoded in _encoded)
        {
            if (encoded is not null && ReferenceEquals(encoded.Columns, columns))
            {
                return encoded;
            }
        }

        for (var i = 0; i < Slots; i++)
        {
            if (ReferenceEquals(_seenOnce[i], columns))
            {
                _seenOnce[i] = null;
                var encoded = EncodedColumns.Encode(columns);
                _encoded[_nextEncoded] = encoded;
                _nextEncoded = (_nextEncoded + 1) % Slots;
                return encoded;
            }
        }

        _seenOnce[_nextSeen] = columns;
        _nextSeen = (_nextSeen + 1) % Slots;
        return null;
    }

    // Each column's type, for rows in the binary protocol.
    public static MySqlColumnType[] TypesOf(IReadOnlyList<ResultColumn> columns)
    {
        var types = new MySqlColumnType[columns.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = columns[i].Type;
        }

        return types;
    }
}

// One column list's definition payloads back to back (payload i ends at Ends[i]) and its types.
internal sealed class EncodedColumns(IReadOnlyList<ResultColumn> columns, byte[] payloads, int[] ends, MySqlColumnType[] types)
{
    public IReadOnlyList<ResultColumn> Columns { get; } = columns;

    public MySqlColumnType[] Types { get; } = types;

    public static EncodedColumns Encode(IReadOnlyList<ResultColumn> columns)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var ends = new int[columns.Count];
        for (var i = 0; i < ends.Length; i++)
        {
            ColumnDefinitionPayload.Write(buffer, ResultColumnDefinition.ToPayload(columns[i]));
            ends[i] = buffer.WrittenCount;
        }

        return new EncodedColumns(columns, buffer.WrittenSpan.ToArray(), ends, ResultColumnEncodings.TypesOf(columns));
    }

    // One packet per column definition, framed with the writer's next sequence ids.
    public void WriteTo(PacketWriter writer)
    {
        var start = 0;
        foreach (var end in ends)
        {
            writer.WritePayload(payloads.AsSpan(start, end - start));
            start = end;
        }
    }
}
