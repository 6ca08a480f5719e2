using OceanClassic.RootServer;
using OceanClassic.RootServer.DailyMerge;

namespace OceanClassic.RootServer.Tests;

[TestClass]
public sealed class MajorFreezeDutyScheduleTests
{
    private static readonly TimeZoneInfo Utc8 = TimeZoneInfo.CreateCustomTimeZone("utc+8", TimeSpan.FromHours(8), "utc+8", "utc+8");

    [TestMethod]
    public void TheFreezeIsDueOnceADayAtTheDutyTimeInLocalTime()
    {
        var clock = new ManualClock(); // 2026-11-21 00:00 UTC = 08:00 in UTC+8
        var duty = new MajorFreezeDutySchedule(new TimeOnly(2, 0), clock.GetUtcNow(), Utc8);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.FromHours(8)), duty.NextDue, "08:00 is past 02:00: tomorrow");

        var freezes = 0;
        for (var minute = 0; minute < 3 * 24 * 60; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            if (duty.IsDue(clock.GetUtcNow()))
            {
                freezes++;
                Assert.AreEqual(new TimeSpan(2, 0, 0), TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Utc8).TimeOfDay);
                duty.Done(clock.GetUtcNow());
            }
        }
        Assert.AreEqual(3, freezes);
    }

    [TestMethod]
    public void AFailedFreezeStaysDueUntilOneSucceeds()
    {
        var clock = new ManualClock();
        var duty = new MajorFreezeDutySchedule(new TimeOnly(0, 30), clock.GetUtcNow(), TimeZoneInfo.Utc);
        Assert.IsFalse(duty.IsDue(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.IsTrue(duty.IsDue(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(5)); // the freeze failed; the next tick retries
        Assert.IsTrue(duty.IsDue(clock.GetUtcNow()));
        duty.Done(clock.GetUtcNow());
        Assert.IsFalse(duty.IsDue(clock.GetUtcNow().AddHours(23)));
        Assert.IsTrue(duty.IsDue(clock.GetUtcNow().AddHours(24)));
    }

    [TestMethod]
    public void TheOptionIsOffWhenEmptyAndRejectedWhenMalformed()
    {
        Assert.IsNull(MajorFreezeDutySchedule.Create("", new ManualClock()));
        Assert.IsNotNull(MajorFreezeDutySchedule.Create("02:00", new ManualClock()));
        Assert.AreEqual(0, new RsOptions { MajorFreezeDutyTime = "2:00" }.Validate().Count());
        Assert.AreEqual(0, new RsOptions().Validate().Count());
        StringAssert.StartsWith(new RsOptions { MajorFreezeDutyTime = "25:99" }.Validate().Single(), "major_freeze_duty_time:");
    }
}
