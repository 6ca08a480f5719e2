using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Tests;

// The EDN files are what Elle and Knossos read: one map per event, in their forms.
[TestClass]
public sealed class EdnWriterTests
{
    [TestMethod]
    public void ListAppendAndRegisterEventsAreWrittenInElleAndKnossosForms()
    {
        var history = new HistoryRecorder();
        history.Invoke(0, Functions.Append, 2, [7]);
        history.Complete(EventType.Ok, 0, Functions.Append, 2, [7]);
        history.Invoke(1, Functions.ListRead, 2, []);
        history.Complete(EventType.Ok, 1, Functions.ListRead, 2, [7, 8]);
        history.Invoke(2, Functions.Cas, 4, [1, 2]);
        history.Complete(EventType.Ok, 2, Functions.Cas, 4, [1, 2]);
        var directory = Path.Combine(Path.GetTempPath(), "jepsen-edn-" + Guid.NewGuid().ToString("N"));
        try
        {
            EdnWriter.WriteAll(history.Snapshot(), directory);
            var lists = File.ReadAllLines(Path.Combine(directory, "list-append.edn"));
            var rw = File.ReadAllLines(Path.Combine(directory, "rw-register.edn"));
            var knossos = File.ReadAllLines(Path.Combine(directory, "register.edn"));

            Assert.HasCount(4, lists);
            StringAssert.StartsWith(lists[0], "{:type :invoke, :f :txn, :value [[:append 2 7]], :process 0, :time ");
            StringAssert.Contains(lists[3], ":type :ok, :f :txn, :value [[:r 2 [7 8]]], :process 1");
            StringAssert.EndsWith(lists[3], ":index 3}");
            StringAssert.Contains(rw[1], ":type :ok, :f :txn, :value [[:r 4 1] [:w 4 2]]");
            StringAssert.Contains(knossos[0], ":type :invoke, :f :cas, :value [4 [1 2]], :process 2");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
