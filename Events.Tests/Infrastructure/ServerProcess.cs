using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Events.Tests.Infrastructure;

/// <summary>
/// The real server executable on a real port, as run.sh starts it: for browser tests and for start-up behaviour
/// (embedded PostgreSQL, kill and restart) that an in-memory host cannot show.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool HasExited => _process.HasExited;

    public static string ExecutablePath
    {
        get
        {
            // Tests run from Events.Tests/bin/<Configuration>/<framework>/linux-x64; the server builds next door.
            var testOutput = AppContext.BaseDirectory.TrimEnd('/');
            var framework = Path.GetDirectoryName(testOutput)!;
            var configuration = Path.GetFileName(Path.GetDirectoryName(framework)!);
            return Path.Combine(RepositoryRoot, "Events.Server", "bin", configuration, Path.GetFileName(framework), "linux-x64", "Events.Server");
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Events.sln"))) return dir.FullName;
            throw new InvalidOperationException("Events.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static async Task<ServerProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null, int? port = null)
    {
        var chosenPort = port ?? FreePort();
        var baseUrl = $"http://127.0.0.1:{chosenPort}";
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = TestPostgres.RunDirectory,
        };
        Directory.CreateDirectory(TestPostgres.RunDirectory);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(Path.Combine(RepositoryRoot, "Events.Server"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseUrl);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Events__PublicBaseUrl"] = baseUrl;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._output) server._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._output) server._output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync(timeout ?? TimeSpan.FromSeconds(120));
        return server;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Waits for the end of its redirected output too: read at once, the reason it gave could still be in transit.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var response = await http.GetAsync($"{BaseUrl}/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server did not become healthy within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine or an operator kills the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: a normal shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (OperationCanceledException) { await KillAsync(); }
        _process.Dispose();
        // Kept for reading after a failed run.
        var logs = Path.Combine(RepositoryRoot, "TestResults", "server-logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, $"server-{new Uri(BaseUrl).Port}.log"), Output);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
