using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;

/// <summary>
/// The server process's memory after a full garbage collection: its resident set (VmRSS), and the bytes of live
/// managed objects when the dotnet-gcdump tool is installed (its dump forces the collection and walks the heap).
/// Without the tool the collection is asked for through EventPipe, as dotnet-gcdump does, and only VmRSS is read.
/// </summary>
sealed partial class ServerMemory(int pid, string? keepDumpsIn)
{
    private static readonly string? GcDump = new[] { Environment.GetEnvironmentVariable("PATH") ?? "" }
        .SelectMany(p => p.Split(':')).Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"))
        .Select(dir => Path.Combine(dir, "dotnet-gcdump")).FirstOrDefault(File.Exists);
    private int _dumps;

    public static bool HasManagedHeap => GcDump is not null;

    public async Task<Reading> ReadAsync(string label)
    {
        long managed = -1;
        if (GcDump is null) InduceFullCollection();
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
        await RunAsync(GcDump!, "collect", "-p", pid.ToString(), "-o", file);
        var report = await RunAsync(GcDump!, "report", file);
        if (keepDumpsIn is null) File.Delete(file);
        return long.Parse(HeapBytes().Match(report).Groups[1].Value.Replace(",", ""));
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)}: {await error}");
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
