using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using OceanClassic.Common.Buffers;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Expr;

// Compact binary form of a BoundExpr, used to push filters down to ChunkServers: a format byte,
// then each node as a tag byte and its fields (varints, CellCodec cells for literals, children in
// order). Read rejects garbage with FormatException and never nests deeper than MaxDepth; Write fails a
// tree deeper than that (or than the stack allows) as MariaDB's 1436 (StackGuard).
public static partial class ExprSerializer
{
    public const int MaxDepth = 1000;
    private const byte FormatVersion = 1;

    private enum Tag : byte
    {
        Literal = 1,
        Column,
        Unary,
        Binary,
        IsNull,
        IsBool,
        InList,
        Between,
        Like,
        Function,
        Case,
        Cast,
        Collate,
        // A literal whose value carries a flag the cell format does not: a 0x../b'..' number, a BIT value,
        // JSON text (a kind byte, then the cell).
        FlaggedLiteral,
    }

    private static byte LiteralFlag(ObObj v) => v switch
    {
        { IsBitValue: true } => 2,
        { Type: ObType.Binary, CarriedNumber: not null } => 1,
        { IsJson: true } => 3,
        _ => 0,
    };

    private static ObObj WithFlag(ObObj v, byte flag) => (flag, v.Type) switch
    {
        (1, ObType.Binary) => ObObj.FromBinary(v.Bytes, numeric: true),
        (2, ObType.Binary) => ObObj.FromBitValue(v.Bytes),
        (3, ObType.String) => ObObj.FromJson(v.String),
        _ => throw new FormatException($"bad literal flag {flag} for a {v.Type} value"),
    };

    public static byte[] Serialize(BoundExpr e)
    {
        var writer = ScratchBytes.Rent();
        Write(writer, e);
        return ScratchBytes.ToArrayAndReturn(writer);
    }

    // A pushed-down filter with the statement's clock ahead of it (ExprSerializer.Clock.cs).
    public static byte[] Serialize(BoundExpr e, EvalContext clock)
    {
        var writer = new ArrayBufferWriter<byte>(80);
        WriteClock(writer, clock);
        Write(writer, e);
        return writer.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> writer, BoundExpr e)
    {
        WriteByte(writer, FormatVersion);
        WriteNode(writer, e, 1);
    }

    public static BoundExpr Read(ReadOnlySpan<byte> source)
    {
        try
        {
            var pos = SkipClock(source);
            if (source.Length == pos || source[pos++] != FormatVersion)
                ThrowFormat("unknown expression format version");
            var e = ReadNode(source, ref pos, 1);
            if (pos != source.Length)
                ThrowFormat($"{source.Length - pos} trailing bytes after the expression");
            return e;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new FormatException("truncated or corrupt expression", ex);
        }
    }

    private static void WriteNode(IBufferWriter<byte> w, BoundExpr e, int depth)
    {
        if (depth > MaxDepth)
            throw StackGuard.TooDeep();
        StackGuard.Check();
        var d = depth + 1;
        switch (e)
        {
            case BoundLiteral lit:
                if (LiteralFlag(lit.Value) is var flag and not 0)
                {
                    WriteByte(w, (byte)Tag.FlaggedLiteral);
                    WriteByte(w, flag);
                }
                else
                {
                    WriteByte(w, (byte)Tag.Literal);
                }
                CellCodec.Write(w, lit.Value);
                break;
            case BoundColumn col:
                WriteByte(w, (byte)Tag.Column);
                CellCodec.WriteVarUInt(w, (uint)col.Index);
                break;
            case BoundUnary un:
                WriteByte(w, (byte)Tag.Unary);
                WriteByte(w, (byte)un.Op);
                WriteNode(w, un.Operand, d);
                break;
            case BoundBinary bin:
                {
                    // A left spine (a + b + c ...) is the bytes recursion would write — every node's tag
                    // and operator top-down, the leftmost operand, each right operand bottom-up — written in
                    // a loop, and it is one level of nesting however long it is.
                    var spine = bin.LeftSpine();
                    foreach (var node in spine)
                    {
                        WriteByte(w, (byte)Tag.Binary);
                        WriteByte(w, (byte)node.Op);
                    }
                    WriteNode(w, spine[^1].Left, d);
                    for (var i = spine.Count - 1; i >= 0; i--)
                        WriteNode(w, spine[i].Right, d);
                    break;
                }
            case BoundIsNull isNull:
                WriteByte(w, (byte)Tag.IsNull);
                WriteByte(w, isNull.Negated ? (byte)1 : (byte)0);
                WriteNode(w, isNull.Operand, d);
                break;
            case BoundIsBool isBool:
                WriteByte(w, (byte)Tag.IsBool);
                WriteByte(w, (byte)((isBool.Value ? 1 : 0) | (isBool.Negated ? 2 : 0)));
                WriteNode(w, isBool.Operand, d);
                break;
            case BoundInList inList:
                WriteByte(w, (byte)Tag.InList);
                WriteByte(w, inList.Negated ? (byte)1 : (byte)0);
                WriteNode(w, inList.Operand, d);
                WriteList(w, inList.List, d);
                break;
            case BoundBetween between:
                WriteByte(w, (byte)Tag.Between);
                WriteByte(w, between.Negated ? (byte)1 : (byte)0);
                WriteNode(w, between.Operand, d);
                WriteNode(w, between.Low, d);
                WriteNode(w, between.High, d);
                break;
            case BoundLike like:
                WriteByte(w, (byte)Tag.Like);
                WriteByte(w, (byte)((like.Negated ? 1 : 0) | (like.Escape is null ? 0 : 2)));
                WriteNode(w, like.Operand, d);
                WriteNode(w, like.Pattern, d);
                if (like.Escape is not null)
                    WriteNode(w, like.Escape, d);
                break;
            case BoundFunction fn:
                WriteByte(w, (byte)Tag.Function);
                CellCodec.WriteBytes(w, Encoding.UTF8.GetBytes(fn.Name));
                WriteList(w, fn.Args, d);
                break;
            case BoundCase cs:
                WriteByte(w, (byte)Tag.Case);
                WriteByte(w, (byte)((cs.Operand is null ? 0 : 1) | (cs.Else is null ? 0 : 2)));
                if (cs.Operand is not null)
                    WriteNode(w, cs.Operand, d);
                CellCodec.WriteVarUInt(w, (uint)cs.Whens.Count);
                foreach (var when in cs.Whens)
                {
                    WriteNode(w, when.When, d);
                    WriteNode(w, when.Then, d);
                }
                if (cs.Else is not null)
                    WriteNode(w, cs.Else, d);
                break;
            case BoundCast cast:
                WriteByte(w, (byte)Tag.Cast);
                WriteByte(w, (byte)cast.Target);
                CellCodec.WriteVarUInt(w, (uint)(cast.Scale + 1));
                CellCodec.WriteVarUInt(w, (uint)cast.Width);
                WriteNode(w, cast.Operand, d);
                break;
            case BoundCollate collate:
                WriteByte(w, (byte)Tag.Collate);
                WriteByte(w, (byte)collate.Collation);
                WriteByte(w, (byte)collate.Derivation);
                WriteNode(w, collate.Operand, d);
                break;
            default:
                throw new ArgumentException($"cannot serialize {e.GetType().Name}", nameof(e));
        }
    }

    private static void WriteList(IBufferWriter<byte> w, IReadOnlyList<BoundExpr> list, int depth)
    {
        CellCodec.WriteVarUInt(w, (uint)list.Count);
        foreach (var item in list)
            WriteNode(w, item, depth);
    }

    private static BoundExpr ReadNode(ReadOnlySpan<byte> s, ref int pos, int depth)
    {
        if (depth > MaxDepth)
            ThrowFormat($"expression nests deeper than {MaxDepth} levels");
        StackGuard.Check();
        var d = depth + 1;
        var tag = (Tag)s[pos++];
        switch (tag)
        {
            case Tag.FlaggedLiteral:
                {
                    var flag = s[pos++];
                    var value = CellCodec.Read(s, ref pos);
                    return new BoundLiteral(WithFlag(value, flag));
                }
            case Tag.Literal:
                {
                    var value = CellCodec.Read(s, ref pos);
                    if (value.IsMarker)
                        ThrowFormat("a literal cannot be a row marker");
                    return new BoundLiteral(value);
                }
            case Tag.Column:
                return new BoundColumn(ReadCount(s, ref pos, int.MaxValue));
            case Tag.Unary:
                {
                    var op = s[pos++];
                    if (op > (byte)UnaryOp.Plus)
                        ThrowFormat($"bad unary operator {op}");
                    return new BoundUnary((UnaryOp)op, ReadNode(s, ref pos, d));
                }
            case Tag.Binary:
                {
                    // A run of binary headers is a left spine (see WriteNode), read in a loop.
                    var ops = new List<BinaryOp> { ReadBinaryOp(s, ref pos) };
                    while (s[pos] == (byte)Tag.Binary)
                    {
                        pos++;
                        ops.Add(ReadBinaryOp(s, ref pos));
                    }
                    var value = ReadNode(s, ref pos, d);
                    for (var i = ops.Count - 1; i >= 0; i--)
                        value = new BoundBinary(ops[i], value, ReadNode(s, ref pos, d));
                    return value;
                }
            case Tag.IsNull:
                {
                    var flags = ReadFlags(s, ref pos, 1);
                    return new BoundIsNull(ReadNode(s, ref pos, d), flags != 0);
                }
            case Tag.IsBool:
                {
                    var flags = ReadFlags(s, ref pos, 3);
                    return new BoundIsBool(ReadNode(s, ref pos, d), (flags & 1) != 0, (flags & 2) != 0);
                }
            case Tag.InList:
                {
                    var negated = ReadFlags(s, ref pos, 1) != 0;
                    var operand = ReadNode(s, ref pos, d);
                    return new BoundInList(operand, ReadList(s, ref pos, d), negated);
                }
            case Tag.Between:
                {
                    var negated = ReadFlags(s, ref pos, 1) != 0;
                    var operand = ReadNode(s, ref pos, d);
                    var low = ReadNode(s, ref pos, d);
                    return new BoundBetween(operand, low, ReadNode(s, ref pos, d), negated);
                }
            case Tag.Like:
                {
                    var flags = ReadFlags(s, ref pos, 3);
                    var operand = ReadNode(s, ref pos, d);
                    var pattern = ReadNode(s, ref pos, d);
                    var escape = (flags & 2) != 0 ? ReadNode(s, ref pos, d) : null;
                    return new BoundLike(operand, pattern, escape, (flags & 1) != 0);
                }
            case Tag.Function:
                {
                    var name = Encoding.UTF8.GetString(CellCodec.ReadBytes(s, ref pos));
                    if (!FunctionCatalog.IsKnown(name))
                        ThrowFormat($"unknown function '{name}'");
                    return new BoundFunction(name, ReadList(s, ref pos, d));
                }
            case Tag.Case:
                {
                    var flags = ReadFlags(s, ref pos, 3);
                    var operand = (flags & 1) != 0 ? ReadNode(s, ref pos, d) : null;
                    var count = ReadCount(s, ref pos, (s.Length - pos) / 2);
                    var whens = new CaseWhen[count];
                    for (var i = 0; i < count; i++)
                    {
                        var when = ReadNode(s, ref pos, d);
                        whens[i] = new CaseWhen(when, ReadNode(s, ref pos, d));
                    }
                    var elseExpr = (flags & 2) != 0 ? ReadNode(s, ref pos, d) : null;
                    return new BoundCase(operand, whens, elseExpr);
                }
            case Tag.Collate:
                {
                    var collation = (CollationId)s[pos++];
                    var derivation = (CollationDerivation)s[pos++];
                    if (collation > CollationId.Binary || derivation > CollationDerivation.Explicit)
                        ThrowFormat($"bad collation {(byte)collation}/{(byte)derivation}");
                    return new BoundCollate(ReadNode(s, ref pos, d), collation, derivation);
                }
            case Tag.Cast:
                {
                    var target = (ObType)s[pos++];
                    if (target is not (ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double or ObType.String or ObType.Binary or ObType.DateTime or ObType.Date or ObType.Bool))
                        ThrowFormat($"bad cast target {(byte)target}");
                    var scale = ReadCount(s, ref pos, 66) - 1;
                    var width = ReadCount(s, ref pos, int.MaxValue);
                    return new BoundCast(ReadNode(s, ref pos, d), target, scale, width);
                }
            default:
                ThrowFormat($"bad expression tag {(byte)tag} at offset {pos - 1}");
                return null;
        }
    }

    private static BinaryOp ReadBinaryOp(ReadOnlySpan<byte> s, ref int pos)
    {
        var op = s[pos++];
        if (op > (byte)BinaryOp.ShiftRight)
            ThrowFormat($"bad binary operator {op}");
        return (BinaryOp)op;
    }

    private static BoundExpr[] ReadList(ReadOnlySpan<byte> s, ref int pos, int depth)
    {
        // Every node takes at least one byte, so a count beyond the remaining bytes is garbage.
        var count = ReadCount(s, ref pos, s.Length - pos);
        var items = new BoundExpr[count];
        for (var i = 0; i < count; i++)
            items[i] = ReadNode(s, ref pos, depth);
        return items;
    }

    private static int ReadCount(ReadOnlySpan<byte> s, ref int pos, int max)
    {
        var v = CellCodec.ReadVarUInt(s, ref pos);
        if (v > (ulong)Math.Max(0, max))
            ThrowFormat($"count {v} exceeds {max}");
        return (int)v;
    }

    private static byte ReadFlags(ReadOnlySpan<byte> s, ref int pos, int allowed)
    {
        var flags = s[pos++];
        if ((flags & ~allowed) != 0)
            ThrowFormat($"bad flags 0x{flags:X2}");
        return flags;
    }

    private static void WriteByte(IBufferWriter<byte> w, byte b)
    {
        w.GetSpan(1)[0] = b;
        w.Advance(1);
    }

    [DoesNotReturn]
    private static void ThrowFormat(string message) => throw new FormatException(message);
}
