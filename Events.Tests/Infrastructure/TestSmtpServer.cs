using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Events.Tests.Infrastructure;

/// <summary>
/// A small real SMTP server on a loopback port (RFC 5321, no TLS, no AUTH), for the outbox's tests. It can refuse the
/// next few mails with a temporary error (451), or take a mail's content and never answer it (as a server that hangs),
/// and it keeps every mail it accepted.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _refuseNext;

    public TestSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    /// <summary>The mails accepted with "250", raw, in order.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();
    /// <summary>When each MAIL FROM arrived (each delivery attempt), refused or not.</summary>
    public ConcurrentQueue<DateTime> Attempts { get; } = new();
    /// <summary>While true, a mail's content is read to its end and then left unanswered.</summary>
    public bool HangAfterData { get; set; }
    /// <summary>Completes when a mail's content has been read while <see cref="HangAfterData"/> was on.</summary>
    public TaskCompletionSource<string> Hung { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next <paramref name="count"/> attempts get "451 try again later".</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _refuseNext, count);

    /// <summary>The app's mail settings for sending here: plain SMTP, a fast outbox, <paramref name="maxAttempts"/> before giving up.</summary>
    public Dictionary<string, string?> AppSettings(int maxAttempts = 12) => new()
    {
        ["Events:Email:From"] = "Events <no-reply@events.example.org>",
        ["Events:Email:Smtp:Host"] = "127.0.0.1", ["Events:Email:Smtp:Port"] = Port.ToString(),
        ["Events:Email:Smtp:EnableSsl"] = "false", ["Events:Email:Smtp:TimeoutSeconds"] = "10",
        ["Events:Email:Outbox:PollSeconds"] = "0.1", ["Events:Email:Outbox:RetryBaseSeconds"] = "0.3", ["Events:Email:Outbox:Senders"] = "1",
        ["Events:Email:Outbox:MaxAttempts"] = maxAttempts.ToString(),
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.Latin1);
            var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 test.localhost ESMTP test");
            var refused = false;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 test.localhost");
                        break;
                    case "MAIL":
                        Attempts.Enqueue(DateTime.UtcNow);
                        refused = Interlocked.Decrement(ref _refuseNext) >= 0;
                        await writer.WriteLineAsync(refused ? "451 4.3.0 Try again later" : "250 2.1.0 OK");
                        break;
                    case "RCPT":
                        await writer.WriteLineAsync(refused ? "503 5.5.1 MAIL first" : "250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var message = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            message.AppendLine(data.StartsWith("..") ? data[1..] : data);
                        if (HangAfterData)
                        {
                            Hung.TrySetResult(message.ToString());
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }
                        Accepted.Enqueue(message.ToString());
                        await writer.WriteLineAsync("250 2.0.0 Queued");
                        break;
                    case "RSET" or "NOOP":
                        refused = false;
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception) { } // the client went away (or the test ended): nothing to answer
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
