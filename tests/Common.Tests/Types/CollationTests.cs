using System.Buffers;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Tests.Types;

[TestClass]
public sealed class CollationTests
{
    private static readonly Random Rng = new(20261206);

    // Characters whose weights collide, differ only by case or accent, sit either side of a space, or need two UTF-16 units.
    private static readonly string[] Alphabet = ["a", "A", "b", "é", "E", "e", "ß", "s", "S", " ", " ", "\t", "\0", "!", "~", "z", "😀", "😃", "Ω", "ω"];

    private static string RandomString()
    {
        var n = Rng.Next(0, 7);
        var parts = new string[n];
        for (var i = 0; i < n; i++)
            parts[i] = Alphabet[Rng.Next(Alphabet.Length)];
        return string.Concat(parts);
    }

    private static byte[] Key(string s, Collation collation)
    {
        var writer = new ArrayBufferWriter<byte>();
        CollationKey.Append(writer, s, collation);
        return writer.WrittenSpan.ToArray();
    }

    [TestMethod]
    public void GeneralCiWeighsCaseAccentsAndSharpSAlikeAndIgnoresTrailingSpaces()
    {
        var ci = Collation.Utf8mb4GeneralCi;
        Assert.IsTrue(ci.Equals("Bob@X.com", "bob@x.com"));
        Assert.IsTrue(ci.Equals("é", "E"));
        Assert.IsTrue(ci.Equals("ß", "s"));
        Assert.IsTrue(ci.Equals("😀", "😃"), "every supplementary character weighs 0xFFFD");
        Assert.IsTrue(ci.Equals("a", "a   "));
        Assert.IsTrue(ci.Compare("a\t", "a") < 0, "a tab sorts below the padding space");
        Assert.IsTrue(ci.Compare("a", "a!") < 0);
        Assert.IsTrue(ci.Compare("a", "B") < 0);
        Assert.AreEqual(ci.GetHashCode("BOB  "), ci.GetHashCode("bob"));
    }

    [TestMethod]
    public void WeightsMatchMariaDbsWeightString()
    {
        // SELECT HEX(WEIGHT_STRING(x COLLATE utf8mb4_general_ci)) on MariaDB 10.11.
        var ci = Collation.Utf8mb4GeneralCi;
        Assert.AreEqual(0x41, ci.Weight('a'));
        Assert.AreEqual(0x53, ci.Weight('ß'));
        Assert.AreEqual(0x45, ci.Weight('é'));
        Assert.AreEqual(0x39C, ci.Weight('µ'));
        Assert.AreEqual(0xFFFD, ci.Weight(0x1F600));
        Assert.AreEqual(0x20, ci.Weight(' '));
    }

    [TestMethod]
    public void BinCollationsKeepCaseAndOnlyUtf8mb4BinPadsSpaces()
    {
        Assert.IsFalse(Collation.Utf8mb4Bin.Equals("a", "A"));
        Assert.IsTrue(Collation.Utf8mb4Bin.Equals("a", "a "));
        Assert.IsFalse(Collation.Binary.Equals("a", "a "));
        Assert.IsTrue(Collation.Binary.Compare("a", "a\0") < 0);
    }

    [TestMethod]
    [DataRow(CollationId.Utf8mb4GeneralCi)]
    [DataRow(CollationId.Utf8mb4Bin)]
    [DataRow(CollationId.Binary)]
    public void KeyByteOrderIsTheCollationsOrder(CollationId id)
    {
        var collation = Collation.Of(id);
        for (var i = 0; i < 20000; i++)
        {
            var a = RandomString();
            var b = RandomString();
            var expected = Math.Sign(collation.Compare(a, b));
            Assert.AreEqual(expected, Math.Sign(Key(a, collation).AsSpan().SequenceCompareTo(Key(b, collation))), $"'{a}' vs '{b}' under {collation}");
            if (expected == 0)
                Assert.AreEqual(collation.GetHashCode(a), collation.GetHashCode(b), $"hash of '{a}' and '{b}'");
        }
    }

    [TestMethod]
    public void AStringKeyFollowedByAnotherColumnStillOrdersByTheStringFirst()
    {
        var table = new TableSchema(1000, "d", "t",
            [new ColumnSchema(1, "s", ColumnType.VarChar, 10), new ColumnSchema(2, "i", ColumnType.Int)], [0, 1]);
        for (var i = 0; i < 5000; i++)
        {
            ObObj[] a = [ObObj.FromString(RandomString()), ObObj.FromInt(Rng.Next(-2, 2))];
            ObObj[] b = [ObObj.FromString(RandomString()), ObObj.FromInt(Rng.Next(-2, 2))];
            var c = Collation.Default.Compare(a[0].String, b[0].String);
            var expected = c != 0 ? Math.Sign(c) : Math.Sign(a[1].CompareTo(b[1]));
            Assert.AreEqual(expected, Math.Sign(RowKeyCodec.Compare(RowKeyCodec.Encode(a, table), RowKeyCodec.Encode(b, table))));
        }
    }

    [TestMethod]
    public void AKeyColumnsCollationDecidesItsKeyNotTheValuesTag()
    {
        var table = new TableSchema(1000, "d", "t", [new ColumnSchema(1, "s", ColumnType.VarChar, 10, TextCollation: CollationId.Utf8mb4Bin)], [0]);
        var upper = RowKeyCodec.Encode([ObObj.FromString("BOB")], table);
        var lower = RowKeyCodec.Encode([ObObj.FromString("bob")], table);
        Assert.AreNotEqual(0, RowKeyCodec.Compare(upper, lower));
        Assert.AreEqual(0, RowKeyCodec.Compare(RowKeyCodec.Encode(ObObj.FromString("BOB")), RowKeyCodec.Encode(ObObj.FromString("bob "))));
        Assert.AreEqual("BOB", RowKeyCodec.Decode(upper)[0].String);
    }

    [TestMethod]
    public void TheStrongerDerivationDecidesTheCollationOfAComparison()
    {
        var literal = ObObj.FromString("a");
        var binColumn = ObObj.FromString("A", CollationId.Utf8mb4Bin, CollationDerivation.Implicit);
        var explicitCi = ObObj.FromString("A", CollationId.Utf8mb4GeneralCi, CollationDerivation.Explicit);
        Assert.AreEqual(Collation.Utf8mb4Bin, SqlValueComparer.ResolveCollation(literal, binColumn));
        Assert.AreEqual(Collation.Utf8mb4GeneralCi, SqlValueComparer.ResolveCollation(binColumn, explicitCi));
        Assert.IsFalse(SqlValueComparer.Instance.Equals(literal, binColumn));
        Assert.IsTrue(SqlValueComparer.Instance.Equals(literal, ObObj.FromString("A ")));
        Assert.IsTrue(SqlRowEquality.Instance.Equals([literal, ObObj.FromInt(1)], [ObObj.FromString("A"), ObObj.FromInt(1)]));
        Assert.AreEqual(SqlRowEquality.Instance.GetHashCode([literal]), SqlRowEquality.Instance.GetHashCode([ObObj.FromString("A  ")]));
    }
}
