using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One browser tab's interactive page, as blazor.web.js opens it: GET the prerendered page, read its server component
/// markers, connect to /_blazor with the "blazorpack" protocol, StartCircuit, add the root components
/// (UpdateRootComponents), acknowledge every render batch and answer every JS call (with no value), and on close send
/// the disconnect beacon a browser sends when the tab goes.
/// </summary>
sealed partial class CircuitClient
{
    /// <summary>The JS functions the server asked the clients to call, with how often (to see what a circuit starts with).</summary>
    public static readonly ConcurrentDictionary<string, int> JsCalls = new();

    private readonly string _baseUrl;
    private readonly CookieContainer _cookies;
    private readonly HubConnection _connection;
    private readonly TaskCompletionSource _interactive = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _batchesToWaitFor;
    private string? _circuitId;
    private int _batches;

    public string? Failure { get; private set; }

    /// <summary>
    /// Rendered as many batches as the page's interactive part sends when it opens (for the workspace's scheduler, at
    /// least two: before and after reading the convening): the circuit is live.
    /// </summary>
    public bool Rendered => Failure is null && _batches >= _batchesToWaitFor;

    private CircuitClient(string baseUrl, CookieContainer cookies, int batchesToWaitFor)
    {
        _batchesToWaitFor = batchesToWaitFor;
        _baseUrl = baseUrl;
        _cookies = cookies;
        var builder = new HubConnectionBuilder()
            .WithUrl(baseUrl + "/_blazor", options => { options.Cookies = cookies; options.Transports = HttpTransportType.WebSockets; });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackHubProtocol>();
        _connection = builder.Build();
        _connection.On<long, byte[]>("JS.RenderBatch", async (batchId, _) =>
        {
            await _connection.SendAsync("OnRenderCompleted", batchId, null);
            if (Interlocked.Increment(ref _batches) >= _batchesToWaitFor) _interactive.TrySetResult();
        });
        _connection.On<long, string, string, int, long>("JS.BeginInvokeJS", async (asyncHandle, identifier, _, _, _) =>
        {
            JsCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
            // A handle of 0 is a call whose result nobody awaits.
            if (asyncHandle != 0) await _connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,null]");
        });
        _connection.On<string>("JS.Error", error => { Failure = error; _interactive.TrySetResult(); });
    }

    public static async Task<CircuitClient> OpenAsync(string baseUrl, string path, CookieContainer cookies, int batchesToWaitFor)
    {
        var client = new CircuitClient(baseUrl, cookies, batchesToWaitFor);
        try { await client.StartAsync(path); }
        catch (Exception e) { client.Failure ??= e.Message; }
        return client;
    }

    private async Task StartAsync(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_baseUrl) };
        var html = await http.GetStringAsync(path);
        var markers = Marker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject()).Where(m => m.ContainsKey("descriptor")).ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"{path} has no interactive server component");
        var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        await _connection.StartAsync();
        _circuitId = await _connection.InvokeAsync<string?>("StartCircuit", _baseUrl + "/", _baseUrl + path, "[]", state);
        if (string.IsNullOrEmpty(_circuitId)) throw new InvalidOperationException("the server refused to start a circuit");
        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray(markers.Select((m, i) => (JsonNode)new JsonObject { ["type"] = "add", ["ssrComponentId"] = i, ["marker"] = m.DeepClone() }).ToArray()),
        };
        await _connection.SendAsync("UpdateRootComponents", operations.ToJsonString(), state);
        if (await Task.WhenAny(_interactive.Task, Task.Delay(TimeSpan.FromSeconds(60))) != _interactive.Task)
            Failure ??= $"no interactive render within 60 s ({_batches} batches)";
    }

    /// <summary>Closes the tab: the beacon that tells the server to dispose the circuit now, then the connection.</summary>
    public async Task CloseAsync()
    {
        if (_circuitId is not null)
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies }) { BaseAddress = new Uri(_baseUrl) };
            using var response = await http.PostAsync("/_blazor/disconnect", new FormUrlEncodedContent(new Dictionary<string, string> { ["circuitId"] = _circuitId }));
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"disconnect beacon refused: {(int)response.StatusCode}");
        }
        await _connection.DisposeAsync();
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();
}
