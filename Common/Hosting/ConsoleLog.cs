using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace OceanClassic.Common.Hosting;

// One line per event with a timestamp: what cluster.sh sends to run/<role><n>/log.
public static class ConsoleLog
{
    public static void Configure(ILoggingBuilder builder, LogLevel level)
    {
        builder.ClearProviders();
        builder.SetMinimumLevel(level);
        builder.AddFilter("Microsoft", LogLevel.Warning);
        // RoleHost reports start-up failures itself, in one line.
        builder.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            o.UseUtcTimestamp = false;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
    }

    public static ILoggerFactory Create(LogLevel level) => LoggerFactory.Create(b => Configure(b, level));
}
