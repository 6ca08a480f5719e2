// ScaleReport RESULTS_CSV OUT_DIR: reads the CSV that scripts/bench.sh scale wrote and writes report.md
// and the charts beside it.
using OceanClassic.ScaleReport;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ScaleReport RESULTS_CSV OUT_DIR");
    return 2;
}
var rows = ScaleRow.ReadCsv(args[0]);
if (rows.Count == 0)
{
    Console.Error.WriteLine($"{args[0]} holds no runs");
    return 1;
}
Directory.CreateDirectory(args[1]);
var charts = ScaleCharts.Write(rows, args[1]);
var report = ReportWriter.Write(rows, charts, Path.GetFileName(Path.GetFullPath(args[1]).TrimEnd('/')));
File.WriteAllText(Path.Combine(args[1], "report.md"), report);
Console.WriteLine(report);
return 0;
