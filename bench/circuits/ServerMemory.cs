using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;

/// <summary>
/// The server process's memory after a full garbage collection: its resident set (VmRSS), and the bytes of live
/// managed objects from dotnet-gcdump (the repository's local tool, dotnet-tools.json: its dump forces the collection
/// and walks the heap). When the tool cannot be restored (offline), the collection is asked for through EventPipe, as
/// dotnet-gcdump does, and only VmRSS is read.
/// </summary>
sealed partial class ServerMemory(int pid, string? keepDumpsIn)
{
    private static readonly string Root = BenchSupport.FindRoot();
    private static readonly Lazy<bool> GcDump = new(() =>
    {
        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["tool", "restore"])
            { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true })!;
        restore.StandardOutput.ReadToEnd();
        restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        return restore.ExitCode == 0;
    });
    private int _dumps;

    public async Task<Reading> ReadAsync(string label)
    {
        long managed = -1;
        if (!GcDump.Value) InduceFullCollection();
        else managed = await DumpHeapAsync(label);
        // Let the collector hand back what it freed before reading the resident set.
        await Task.Delay(1000);
        var rssKb = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new Reading(long.Parse(rssKb) * 1024, managed);
    }

    private void InduceFullCollection()
    {
        // The GCHeapCollect keyword makes the runtime run a blocking full collection when the session starts.
        var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, 0x1 | 0x800000);
        using var session = new DiagnosticsClient(pid).StartEventPipeSession(provider, requestRundown: false);
        var drain = session.EventStream.CopyToAsync(Stream.Null);
        Thread.Sleep(1000);
        session.Stop();
        drain.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task<long> DumpHeapAsync(string label)
    {
        var file = Path.Combine(keepDumpsIn ?? Path.GetTempPath(), $"circuits-{pid}-{++_dumps:D2}-{label}.gcdump");
        await RunAsync("collect", "-p", pid.ToString(), "-o", file);
        var report = await RunAsync("report", file);
        if (keepDumpsIn is null) File.Delete(file);
        return long.Parse(HeapBytes().Match(report).Groups[1].Value.Replace(",", ""));
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["tool", "run", "dotnet-gcdump", .. arguments])
            { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet-gcdump {string.Join(' ', arguments)}: {await error}");
        return await output;
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapBytes();

    public readonly record struct Reading(long RssBytes, long ManagedBytes)
    {
        public double RssMb => RssBytes / 1048576.0;
        public double ManagedMb => ManagedBytes / 1048576.0;
    }
}
