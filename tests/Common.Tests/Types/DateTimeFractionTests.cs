using OceanClassic.Common.Types;

namespace OceanClassic.Common.Tests.Types;

// A DATETIME value's declared precision (DATETIME(n), NOW(n)) decides how many fraction digits it shows,
// and FractionalSeconds cuts further digits off towards the earlier instant, as MariaDB stores them.
[TestClass]
public sealed class DateTimeFractionTests
{
    private const long Instant = 1_704_164_645_123_456; // 2024-01-02 03:04:05.123456

    [TestMethod]
    public void ADateTimeWithADeclaredPrecisionShowsExactlyThatManyDigits()
    {
        Assert.AreEqual("2024-01-02 03:04:05", ObObj.FromDateTimeMicros(Instant, 0).ToText());
        Assert.AreEqual("2024-01-02 03:04:05.123", ObObj.FromDateTimeMicros(Instant, 3).ToText());
        Assert.AreEqual("2024-01-02 03:04:05.000", ObObj.FromDateTimeMicros(Instant - 123_456, 3).ToText());
        Assert.AreEqual("2024-01-02 03:04:05.123456", ObObj.FromDateTimeMicros(Instant, 6).ToText());
        Assert.AreEqual(3, ObObj.FromDateTimeMicros(Instant, 3).DateTimeFsp);
    }

    [TestMethod]
    public void ADateTimeWithoutADeclaredPrecisionShowsSixDigitsOnlyWhenItHasAFraction()
    {
        Assert.AreEqual("2024-01-02 03:04:05.123456", ObObj.FromDateTimeMicros(Instant).ToText());
        Assert.AreEqual("2024-01-02 03:04:05.000001", ObObj.FromDateTimeMicros(Instant - 123_455).ToText());
        Assert.AreEqual("2024-01-02 03:04:05", ObObj.FromDateTimeMicros(Instant - 123_456).ToText());
        Assert.AreEqual(-1, ObObj.FromDateTimeMicros(Instant).DateTimeFsp);
    }

    [TestMethod]
    public void FurtherFractionDigitsAreCutTowardsTheEarlierInstantAlsoBefore1970()
    {
        Assert.AreEqual(Instant - 456, FractionalSeconds.Truncate(Instant, 3));
        Assert.AreEqual(Instant - 123_456, FractionalSeconds.Truncate(Instant, 0));
        Assert.AreEqual(Instant, FractionalSeconds.Truncate(Instant, 6));
        Assert.AreEqual(-300_000, FractionalSeconds.Truncate(-222_223, 1)); // 1969-12-31 23:59:59.777777 -> .7
        Assert.AreEqual("1969-12-31 23:59:59.7", ObObj.FromDateTimeMicros(-222_223, 1).ToText());
    }
}
