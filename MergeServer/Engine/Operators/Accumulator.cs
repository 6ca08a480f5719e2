using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Operators;

// The running state of one aggregate in one group. MySQL's result types: COUNT is BIGINT; SUM and AVG of
// exact numbers are DECIMAL (AVG with 4 more decimals), of approximate numbers DOUBLE; MIN/MAX keep the
// argument's type and compare under its collation; BIT_AND/OR/XOR are BIGINT UNSIGNED; over no rows
// everything but COUNT and the BIT_ aggregates is NULL. COUNT(DISTINCT a, b) counts tuples without a NULL.
// Add says how many bytes the state grew by (the values DISTINCT remembers, the items GROUP_CONCAT keeps),
// so the statement can charge them to its sort memory; GROUP_CONCAT without ORDER BY stops keeping items
// once group_concat_max_len characters are in (the rest would be cut anyway).
public sealed class Accumulator(AggregateSpec spec)
{
    // A remembered value's place in its hash set, beyond the value itself.
    private const int SetEntryBytes = 16;

    private const int AvgExtraScale = 4;
    private long _count;
    private decimal _decimalSum;
    private double _doubleSum;
    private bool _useDouble;
    private int _scale;
    private ObObj _extreme = ObObj.Null;
    private HashSet<ObObj>? _seen;
    private HashSet<ObObj[]>? _seenTuples;
    private ulong _bits = ulong.MaxValue;
    private List<(string Text, ObObj[] Keys)>? _concat;
    private long _concatLength;

    // Adds one input row; returns the bytes the state now holds beyond what it held before.
    public long Add(ObObj[] input)
    {
        if (spec.Kind == AggregateKind.CountStar)
        {
            _count++;
            return 0;
        }
        if (spec.ArgumentCount > 1)
            return AddTuple(input);
        var v = input[spec.ArgumentIndex];
        if (v.IsNull || v.IsMarker)
            return 0;
        long held = 0;
        if (spec.Distinct)
        {
            _seen ??= new HashSet<ObObj>(SqlValueComparer.Instance);
            if (!_seen.Add(v))
                return 0;
            held = MemoryBudget.SizeOf(v) + SetEntryBytes;
        }
        _count++;
        switch (spec.Kind)
        {
            case AggregateKind.Sum:
            case AggregateKind.Avg:
                AddNumber(v);
                break;
            case AggregateKind.Min:
                if (_count == 1 || SqlValueComparer.Instance.Compare(v, _extreme) < 0)
                    _extreme = v;
                break;
            case AggregateKind.Max:
                if (_count == 1 || SqlValueComparer.Instance.Compare(v, _extreme) > 0)
                    _extreme = v;
                break;
            case AggregateKind.First:
                if (_count == 1)
                    _extreme = v;
                break;
            case AggregateKind.BitAnd:
                _bits &= ExprBitwise.ToBits(v);
                break;
            case AggregateKind.BitOr:
            case AggregateKind.BitXor:
                var bits = ExprBitwise.ToBits(v);
                _bits = _count == 1 ? bits : spec.Kind == AggregateKind.BitOr ? _bits | bits : _bits ^ bits;
                break;
            case AggregateKind.GroupConcat:
                held += AddConcatItem(v, input);
                break;
            default:
                break;
        }
        return held;
    }

    public ObObj Result() => spec.Kind switch
    {
        AggregateKind.CountStar or AggregateKind.Count => ObObj.FromInt(_count),
        AggregateKind.BitAnd => ObObj.FromUInt(_bits),
        AggregateKind.BitOr or AggregateKind.BitXor => ObObj.FromUInt(_count == 0 ? 0 : _bits),
        _ when _count == 0 => ObObj.Null,
        AggregateKind.GroupConcat => ObObj.FromString(Concatenated()),
        AggregateKind.Sum => _useDouble ? ObObj.FromDouble(_doubleSum) : ObObj.FromDecimal(WithScale(_decimalSum, _scale)),
        AggregateKind.Avg => _useDouble
            ? ObObj.FromDouble(_doubleSum / _count)
            : ObObj.FromDecimal(WithScale(Math.Round(_decimalSum / _count, Math.Min(28, _scale + AvgExtraScale), MidpointRounding.AwayFromZero), Math.Min(28, _scale + AvgExtraScale))),
        _ => _extreme,
    };

    private long AddTuple(ObObj[] input)
    {
        var tuple = input.AsSpan(spec.ArgumentIndex, spec.ArgumentCount).ToArray();
        foreach (var v in tuple)
        {
            if (v.IsNull || v.IsMarker)
                return 0;
        }
        _seenTuples ??= new HashSet<ObObj[]>(SqlRowEquality.Instance);
        if (!_seenTuples.Add(tuple))
            return 0;
        _count++;
        return MemoryBudget.SizeOf(tuple) + SetEntryBytes;
    }

    // Keeps one GROUP_CONCAT item (with its ORDER BY keys); without ORDER BY nothing past
    // group_concat_max_len characters is kept.
    private long AddConcatItem(ObObj v, ObObj[] input)
    {
        _concat ??= [];
        if (spec.ConcatOrder.Count == 0 && _concatLength >= spec.MaxLength)
            return 0;
        var text = v.ToText() ?? "";
        ObObj[] keys = [.. spec.ConcatOrder.Select(k => input[k.Index])];
        _concat.Add((text, keys));
        _concatLength += text.Length + (_concat.Count > 1 ? spec.Separator.Length : 0);
        return MemoryBudget.SizeOf(keys) + MemoryBudget.SizeOf(ObObj.FromString(text));
    }

    // GROUP_CONCAT: the values in ORDER BY order (else as they came), cut at group_concat_max_len.
    private string Concatenated()
    {
        var items = _concat!;
        if (spec.ConcatOrder.Count > 0)
        {
            var keys = spec.ConcatOrder.Select((k, i) => new SortKey(i, k.Descending)).ToList();
            items = [.. items.Select((x, seq) => (x, seq)).Order(Comparer<((string Text, ObObj[] Keys) x, int seq)>.Create((a, b) =>
            {
                var c = RowSorter.Compare(a.x.Keys, b.x.Keys, keys);
                return c != 0 ? c : a.seq.CompareTo(b.seq);
            })).Select(p => p.x)];
        }
        var text = string.Join(spec.Separator, items.Select(x => x.Text));
        return text.Length > spec.MaxLength ? text[..(int)spec.MaxLength] : text;
    }

    private void AddNumber(ObObj v)
    {
        if (!_useDouble && v.Type is ObType.Double or ObType.String)
        {
            _useDouble = true;
            _doubleSum = (double)_decimalSum;
        }
        if (_useDouble)
        {
            _doubleSum += v.ToDouble();
            return;
        }
        var d = v.ToDecimal();
        if (v.Type == ObType.Decimal)
            _scale = Math.Max(_scale, d.Scale);
        _decimalSum += d;
    }

    // Text form matters to clients: SUM of DECIMAL(10,2) values prints two decimals.
    private static decimal WithScale(decimal d, int scale)
    {
        var r = Math.Round(d, scale, MidpointRounding.AwayFromZero);
        return r.Scale >= scale ? r : r + new decimal(0, 0, 0, false, (byte)scale);
    }
}
