using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Events.Tests.Infrastructure;

namespace Events.Tests.QandA;

/// <summary>
/// A real SignalR client of /hubs/qa: tools/node/qa-driver.mjs (@microsoft/signalr in Node) in its own process, driven
/// over stdin and read over stdout, one JSON object a line.
/// </summary>
public sealed class NodeQaClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly SemaphoreSlim NpmInstall = new(1, 1);
    private readonly Process _process;
    private readonly List<JsonElement> _lines = [];
    private readonly StringBuilder _raw = new();
    private readonly StringBuilder _errors = new();
    private int _nextId;

    private NodeQaClient(Process process) => _process = process;

    public static string NodeDirectory => Path.Combine(ServerProcess.RepositoryRoot, "tools", "node");

    /// <summary>Every line received so far, in order.</summary>
    public IReadOnlyList<JsonElement> Lines { get { lock (_lines) return _lines.ToList(); } }

    /// <summary>Everything the client printed (messages, frames, results), as text: for searching it for what must not be there.</summary>
    public string RawOutput { get { lock (_lines) return _raw.ToString(); } }

    public IEnumerable<JsonElement> Messages(string method) =>
        Lines.Where(l => l.GetProperty("type").GetString() == "message" && l.GetProperty("method").GetString() == method).Select(l => l.GetProperty("arg"));

    /// <summary>The latest join result's snapshot (after the first join and after every reconnect).</summary>
    public JsonElement LastSnapshot =>
        Lines.Last(l => l.GetProperty("type").GetString() == "joined").GetProperty("result").GetProperty("snapshot");

    public int JoinCount => Lines.Count(l => l.GetProperty("type").GetString() == "joined");

    public static async Task<NodeQaClient> StartAsync(string baseUrl, Guid sideEventId, string? email = null, string? password = null,
        string? code = null, string? key = null, bool frames = false)
    {
        await EnsureNpmPackagesAsync();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "qa-driver.mjs", "--url", baseUrl, "--event", sideEventId.ToString() }) info.ArgumentList.Add(argument);
        void Add(string name, string? value) { if (value is not null) { info.ArgumentList.Add(name); info.ArgumentList.Add(value); } }
        Add("--email", email);
        Add("--password", password);
        Add("--code", code);
        Add("--key", key);
        if (frames) info.ArgumentList.Add("--frames");

        var process = new Process { StartInfo = info };
        var client = new NodeQaClient(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lock (client._lines)
            {
                client._raw.AppendLine(e.Data);
                client._lines.Add(JsonDocument.Parse(e.Data).RootElement.Clone());
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (client._errors) client._errors.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await client.WaitForAsync(l => l.GetProperty("type").GetString() == "joined", TimeSpan.FromSeconds(30));
        return client;
    }

    /// <summary>Invokes a hub method and returns its result record.</summary>
    public async Task<JsonElement> InvokeAsync(string method, object argument, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { id, invoke = method, arg = argument }, Web));
        await _process.StandardInput.FlushAsync();
        var line = await WaitForAsync(l => l.GetProperty("type").GetString() is "result" or "error" && l.GetProperty("id").GetInt32() == id,
            timeout ?? TimeSpan.FromSeconds(30));
        if (line.GetProperty("type").GetString() == "error") throw new InvalidOperationException($"{method} failed: {line.GetProperty("error").GetString()}");
        return line.GetProperty("result");
    }

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            var lines = Lines;
            for (var i = seen; i < lines.Count; i++)
            {
                try { if (predicate(lines[i])) return lines[i]; }
                catch (KeyNotFoundException) { throw new InvalidOperationException("Unexpected line: " + lines[i].GetRawText()); }
            }
            seen = lines.Count;
            if (_process.HasExited && Lines.Count == seen)
                throw new InvalidOperationException($"The Node client exited ({_process.ExitCode}): {Errors}\n{RawOutput}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No matching line from the Node client within {timeout}. Errors: {Errors}\nOutput:\n{Tail()}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until a message of this method whose argument matches arrives.</summary>
    public async Task<JsonElement> WaitForMessageAsync(string method, Func<JsonElement, bool> predicate, TimeSpan? timeout = null) =>
        (await WaitForAsync(l => l.GetProperty("type").GetString() == "message" && l.GetProperty("method").GetString() == method && predicate(l.GetProperty("arg")),
            timeout ?? TimeSpan.FromSeconds(15))).GetProperty("arg");

    private string Errors { get { lock (_errors) return _errors.ToString(); } }
    private string Tail() { var raw = RawOutput; return raw.Length > 4000 ? raw[^4000..] : raw; }

    private static async Task EnsureNpmPackagesAsync()
    {
        if (File.Exists(Path.Combine(NodeDirectory, "node_modules", "@microsoft", "signalr", "package.json"))) return;
        await NpmInstall.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(NodeDirectory, "node_modules", "@microsoft", "signalr", "package.json"))) return;
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = NodeDirectory })!;
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0) throw new InvalidOperationException("npm ci failed in tools/node");
        }
        finally { NpmInstall.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("{\"stop\":true}");
                await _process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            if (!_process.HasExited) _process.Kill();
        }
        _process.Dispose();
    }
}
