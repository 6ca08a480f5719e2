using Microsoft.VisualStudio.TestTools.UnitTesting;
using System.Buffers;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Tests.Expr;

[TestClass]
public sealed class ExprSerializerTests
{
    private static readonly string[] FunctionNames = ["CONCAT", "IFNULL", "ABS", "SUBSTRING", "COALESCE"];

    [TestMethod]
    public void RandomTreesSurviveARoundTrip()
    {
        var rng = new Random(20240305);
        for (var i = 0; i < 500; i++)
        {
            var tree = RandomTree(rng, depth: 0);
            var bytes = ExprSerializer.Serialize(tree);
            var back = ExprSerializer.Read(bytes);
            Assert.AreEqual(tree, back, $"tree #{i}");
            CollectionAssert.AreEqual(bytes, ExprSerializer.Serialize(back), $"tree #{i} bytes");
        }
    }

    [TestMethod]
    public void LiteralTypesArePreservedExactly()
    {
        foreach (var v in new[] { ObObj.FromInt(1), ObObj.FromDecimal(1.00m), ObObj.FromDouble(1), ObObj.FromUInt(1), ObObj.FromString("1"), ObObj.FromDateMicros(86_400_000_000), ObObj.Null })
        {
            var back = (BoundLiteral)ExprSerializer.Read(ExprSerializer.Serialize(new BoundLiteral(v)));
            Assert.AreEqual(v.Type, back.Value.Type);
            Assert.AreEqual(v.ToText(), back.Value.ToText());
        }
    }

    [TestMethod]
    public void GarbageBytesRaiseFormatExceptionAndNothingElse()
    {
        var rng = new Random(7);
        var valid = ExprSerializer.Serialize(RandomTree(new Random(1), 0));
        for (var i = 0; i < 3000; i++)
        {
            byte[] bytes;
            if (i % 3 == 0)
            {
                bytes = new byte[rng.Next(0, 40)];
                rng.NextBytes(bytes);
                if (bytes.Length > 0)
                    bytes[0] = 1; // get past the version byte most of the time
            }
            else if (i % 3 == 1)
            {
                bytes = valid[..rng.Next(0, valid.Length)];
            }
            else
            {
                bytes = (byte[])valid.Clone();
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            }
            try
            {
                ExprSerializer.Read(bytes);
            }
            catch (FormatException)
            {
            }
        }
    }

    [TestMethod]
    public void NestingBeyondTheDepthLimitIsRejectedOnReadAndWrite()
    {
        BoundExpr deep = new BoundColumn(0);
        for (var i = 0; i < ExprSerializer.MaxDepth + 5; i++)
            deep = new BoundUnary(UnaryOp.Not, deep);
        var tooDeep = Assert.ThrowsException<ExprException>(() => ExprSerializer.Serialize(deep));
        Assert.AreEqual(ExprErrorCodes.ThreadStackOverrun, tooDeep.Code);

        // Hand-built: version byte, then a long chain of NOT nodes.
        var bytes = new byte[1 + (2 * 100_000) + 2];
        bytes[0] = 1;
        for (var i = 0; i < 100_000; i++)
        {
            bytes[1 + (2 * i)] = 3; // unary tag
            bytes[2 + (2 * i)] = (byte)UnaryOp.Not;
        }
        bytes[^2] = 2; // column tag
        bytes[^1] = 0;
        var ex = Assert.ThrowsException<FormatException>(() => ExprSerializer.Read(bytes));
        StringAssert.Contains(ex.Message, "deeper");
    }

    [TestMethod]
    public void AListCountLargerThanTheInputIsRejectedWithoutAllocatingIt()
    {
        var w = new ArrayBufferWriter<byte>();
        w.Write<byte>([1, 10]); // version, function tag
        CellCodec.WriteBytes(w, "CONCAT"u8);
        CellCodec.WriteVarUInt(w, int.MaxValue);
        Assert.ThrowsException<FormatException>(() => ExprSerializer.Read(w.WrittenSpan));
    }

    private static BoundExpr RandomTree(Random rng, int depth)
    {
        var leaf = depth >= 5 || rng.Next(4) == 0;
        if (leaf)
        {
            return rng.Next(3) switch
            {
                0 => new BoundColumn(rng.Next(20)),
                1 => new BoundLiteral(RandomValue(rng)),
                _ => new BoundLiteral(ObObj.Null),
            };
        }
        BoundExpr Sub() => RandomTree(rng, depth + 1);
        return rng.Next(12) switch
        {
            0 => new BoundUnary((UnaryOp)rng.Next(4), Sub()),
            1 => new BoundBinary((BinaryOp)rng.Next(16), Sub(), Sub()),
            2 => new BoundIsNull(Sub(), rng.Next(2) == 0),
            3 => new BoundIsBool(Sub(), rng.Next(2) == 0, rng.Next(2) == 0),
            4 => new BoundInList(Sub(), [.. Enumerable.Range(0, rng.Next(0, 4)).Select(_ => Sub())], rng.Next(2) == 0),
            5 => new BoundBetween(Sub(), Sub(), Sub(), rng.Next(2) == 0),
            6 => new BoundLike(Sub(), Sub(), rng.Next(2) == 0 ? null : Sub(), rng.Next(2) == 0),
            7 => new BoundFunction(FunctionNames[rng.Next(FunctionNames.Length)], [.. Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Sub())]),
            8 => new BoundCase(rng.Next(2) == 0 ? null : Sub(), [.. Enumerable.Range(0, rng.Next(1, 3)).Select(_ => new CaseWhen(Sub(), Sub()))], rng.Next(2) == 0 ? null : Sub()),
            9 => new BoundCast(Sub(), (ObType)rng.Next(1, 9), rng.Next(-1, 10)),
            10 => new BoundCollate(Sub(), (CollationId)rng.Next(3), (CollationDerivation)rng.Next(3)),
            _ => new BoundBinary(BinaryOp.And, Sub(), Sub()),
        };
    }

    private static ObObj RandomValue(Random rng) => rng.Next(7) switch
    {
        0 => ObObj.FromInt(rng.NextInt64(long.MinValue, long.MaxValue)),
        1 => ObObj.FromUInt((ulong)rng.NextInt64()),
        2 => ObObj.FromDouble((rng.NextDouble() - 0.5) * 1e6),
        3 => ObObj.FromDecimal(new decimal(rng.Next(), rng.Next(), 0, rng.Next(2) == 0, (byte)rng.Next(10))),
        4 => ObObj.FromString(new string('x', rng.Next(0, 5)) + "é😀"),
        5 => ObObj.FromDateTimeMicros(rng.NextInt64(0, 4_000_000_000_000_000)),
        _ => ObObj.FromBool(rng.Next(2) == 0),
    };
}
