using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class ColumnValueConverterTests
{
    private static int ErrorOf(ObObj value, ColumnSchema column)
    {
        try
        {
            ColumnValueConverter.Convert(value, column, 3);
        }
        catch (SqlError e)
        {
            StringAssert.Contains(e.Message, column.Name);
            return e.Code;
        }
        return 0;
    }

    [TestMethod]
    public void NumbersAndNumericStringsBecomeTheColumnType()
    {
        var col = new ColumnSchema(1, "k", ColumnType.Int);
        Assert.AreEqual(ObObj.FromInt(42), ColumnValueConverter.Convert(ObObj.FromString(" 42 "), col, 1));
        Assert.AreEqual(ObObj.FromInt(3), ColumnValueConverter.Convert(ObObj.FromDecimal(2.5m), col, 1));
        var money = new ColumnSchema(2, "m", ColumnType.Decimal, Precision: 6, Scale: 2);
        Assert.AreEqual("12.35", ColumnValueConverter.Convert(ObObj.FromString("12.345"), money, 1).ToText());
        Assert.AreEqual("7", ColumnValueConverter.Convert(ObObj.FromInt(7), new ColumnSchema(3, "s", ColumnType.VarChar, 5), 1).ToText());
        Assert.AreEqual("2024-02-03 04:05:06", ColumnValueConverter.Convert(ObObj.FromString("2024-02-03 04:05:06"), new ColumnSchema(4, "d", ColumnType.DateTime), 1).ToText());
    }

    [TestMethod]
    public void StrictModeChecksReportMySqlCodes()
    {
        Assert.AreEqual(ErrorCodes.OutOfRange, ErrorOf(ObObj.FromInt(128), new ColumnSchema(1, "tiny", ColumnType.TinyInt)));
        Assert.AreEqual(ErrorCodes.OutOfRange, ErrorOf(ObObj.FromInt(-1), new ColumnSchema(1, "u", ColumnType.Int, Unsigned: true)));
        Assert.AreEqual(ErrorCodes.OutOfRange, ErrorOf(ObObj.FromDecimal(10000m), new ColumnSchema(1, "dec", ColumnType.Decimal, Precision: 6, Scale: 2)));
        Assert.AreEqual(ErrorCodes.TruncatedWrongValue, ErrorOf(ObObj.FromString("abc"), new ColumnSchema(1, "n", ColumnType.BigInt)));
        Assert.AreEqual(ErrorCodes.DataTooLong, ErrorOf(ObObj.FromString("toolong"), new ColumnSchema(1, "c", ColumnType.Char, 3)));
        Assert.AreEqual(ErrorCodes.BadNull, ErrorOf(ObObj.Null, new ColumnSchema(1, "nn", ColumnType.Int, Nullable: false)));
        Assert.AreEqual(ErrorCodes.TruncatedWrongValueForDate, ErrorOf(ObObj.FromString("yesterday"), new ColumnSchema(1, "dt", ColumnType.DateTime)));
        Assert.AreEqual(0, ErrorOf(ObObj.FromString("abc"), new ColumnSchema(1, "ok", ColumnType.Char, 3)));
    }
}
