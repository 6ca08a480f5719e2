// The history as JSON lines (history.jsonl), the form `Jepsen check DIR` reads back to check a run again
// offline: one HistoryEvent per line, in history order.
using System.Text.Json;

namespace OceanClassic.Jepsen.History;

public static class HistoryFile
{
    public const string FileName = "history.jsonl";

    private static readonly JsonSerializerOptions Options = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static void Write(IReadOnlyList<HistoryEvent> history, string directory)
    {
        Directory.CreateDirectory(directory);
        using var writer = new StreamWriter(Path.Combine(directory, FileName));
        foreach (var e in history)
            writer.WriteLine(JsonSerializer.Serialize(e, Options));
    }

    public static List<HistoryEvent> Read(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, FileName)).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<HistoryEvent>(l, Options) ?? throw new InvalidDataException($"bad history line: {l}"))];
}
