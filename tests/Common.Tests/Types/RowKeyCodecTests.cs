using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Tests.Types;

[TestClass]
public sealed class RowKeyCodecTests
{
    private static readonly Random Rng = new(20261121);

    private static ObObj RandomValue(ObType type) => type switch
    {
        ObType.Int => ObObj.FromInt(Rng.Next(4) switch { 0 => long.MinValue + Rng.Next(3), 1 => long.MaxValue - Rng.Next(3), 2 => Rng.Next(-5, 5), _ => Rng.NextInt64(long.MinValue, long.MaxValue) }),
        ObType.UInt => ObObj.FromUInt(Rng.Next(3) == 0 ? ulong.MaxValue - (ulong)Rng.Next(3) : (ulong)Rng.NextInt64()),
        ObType.Double => ObObj.FromDouble(Rng.Next(5) switch { 0 => 0.0, 1 => -Rng.NextDouble() * 1e10, 2 => double.MaxValue, 3 => -double.Epsilon, _ => Rng.NextDouble() * 1e-5 }),
        ObType.Decimal => ObObj.FromDecimal(Math.Round((decimal)(Rng.NextDouble() - 0.5) * (decimal)Math.Pow(10, Rng.Next(-4, 12)), Rng.Next(0, 8))),
        ObType.String => ObObj.FromString(RandomString()),
        ObType.DateTime => ObObj.FromDateTimeMicros(Rng.NextInt64(-10_000_000_000_000, 100_000_000_000_000)),
        ObType.Date => ObObj.FromDateMicros(Rng.NextInt64(-1000, 30000) * 86_400_000_000L),
        ObType.Bool => ObObj.FromBool(Rng.Next(2) == 1),
        ObType.Binary => ObObj.FromBinary(RandomBytes()),
        _ => ObObj.Null,
    };

    private static string RandomString()
    {
        var chars = new char[Rng.Next(0, 6)];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = Rng.Next(6) switch { 0 => '\0', 1 => 'é', 2 => '\u00ff', _ => (char)Rng.Next('a', 'e') };
        return new string(chars);
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[Rng.Next(0, 6)];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = Rng.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x01, _ => (byte)Rng.Next(0x80, 0x83) };
        return bytes;
    }

    private static int Sign(int x) => Math.Sign(x);

    [TestMethod]
    [DataRow(ObType.Int)]
    [DataRow(ObType.UInt)]
    [DataRow(ObType.Double)]
    [DataRow(ObType.Decimal)]
    [DataRow(ObType.String)]
    [DataRow(ObType.DateTime)]
    [DataRow(ObType.Date)]
    [DataRow(ObType.Bool)]
    [DataRow(ObType.Binary)]
    public void EncodingPreservesOrderAndRoundTripsForEveryType(ObType type)
    {
        for (var i = 0; i < 3000; i++)
        {
            var a = Rng.Next(20) == 0 ? ObObj.Null : RandomValue(type);
            var b = Rng.Next(20) == 0 ? ObObj.Null : RandomValue(type);
            var ka = RowKeyCodec.Encode(a);
            var kb = RowKeyCodec.Encode(b);
            var expected = type == ObType.String && !a.IsNull && !b.IsNull
                ? Sign(Collation.Default.Compare(a.String, b.String))
                : Sign(a.CompareTo(b));
            Assert.AreEqual(expected, Sign(RowKeyCodec.Compare(ka, kb)), $"order of {a} vs {b}");
            var decoded = RowKeyCodec.Decode(ka);
            Assert.AreEqual(1, decoded.Length);
            Assert.AreEqual(a.Type, decoded[0].Type);
            // A string key holds weights, not the string: it reads back as an equal (folded) string.
            if (type == ObType.String && !a.IsNull)
                Assert.IsTrue(Collation.Default.Equals(a.String, decoded[0].String), $"round trip of {a}");
            else
                Assert.AreEqual(0, a.CompareTo(decoded[0]), $"round trip of {a}");
        }
    }

    [TestMethod]
    public void CompositeKeysOrderColumnByColumnEvenWhenAPrefixStringIsShorter()
    {
        for (var i = 0; i < 3000; i++)
        {
            ObObj[] a = [ObObj.FromString(RandomString()), ObObj.FromInt(Rng.Next(-3, 3))];
            ObObj[] b = [ObObj.FromString(RandomString()), ObObj.FromInt(Rng.Next(-3, 3))];
            var c0 = Collation.Default.Compare(a[0].String, b[0].String);
            var expected = c0 != 0 ? Sign(c0) : Sign(a[1].CompareTo(b[1]));
            Assert.AreEqual(expected, Sign(RowKeyCodec.Compare(RowKeyCodec.Encode(a), RowKeyCodec.Encode(b))));
            var back = RowKeyCodec.Decode(RowKeyCodec.Encode(a));
            Assert.IsTrue(Collation.Default.Equals(a[0].String, back[0].String));
            Assert.AreEqual(a[1].Int, back[1].Int);
        }
    }

    [TestMethod]
    public void DecimalsOfDifferentMagnitudesAndSignsSortNumerically()
    {
        decimal[] values = [-1000m, -1.51m, -1.5m, -0.05m, -0.0001m, 0m, 0.0001m, 0.05m, 0.5m, 1m, 1.5m, 1.51m, 10m, 1000.25m];
        for (var i = 1; i < values.Length; i++)
        {
            var lo = RowKeyCodec.Encode(ObObj.FromDecimal(values[i - 1]));
            var hi = RowKeyCodec.Encode(ObObj.FromDecimal(values[i]));
            Assert.IsTrue(RowKeyCodec.Compare(lo, hi) < 0, $"{values[i - 1]} < {values[i]}");
            Assert.AreEqual(values[i], RowKeyCodec.Decode(hi)[0].Decimal);
        }
    }

    [TestMethod]
    public void GarbageKeyBytesAreAFormatErrorNotWrongValues()
    {
        Assert.ThrowsException<FormatException>(() => RowKeyCodec.Decode([0x99, 1, 2]));
    }
}
