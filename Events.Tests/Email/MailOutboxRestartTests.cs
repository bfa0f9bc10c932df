using Dapper;
using Events.Tests.Infrastructure;
using Npgsql;

namespace Events.Tests.Email;

/// <summary>
/// The real server process, killed (SIGKILL) after a mail's change is committed and while the mail is being sent, then
/// started again: the mail goes exactly once, and a later restart does not send it again.
/// </summary>
public sealed class MailOutboxRestartTests
{
    [Fact]
    public async Task A_server_killed_between_commit_and_delivery_sends_the_mail_exactly_once_after_the_restart()
    {
        await using var smtp = new TestSmtpServer { HangAfterData = true };
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "outbox-" + Guid.NewGuid().ToString("N")[..8]);
        const string admin = "first.admin@example.org";
        string[] arguments = ["--create-admin", admin];
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Events"] = connectionString,
            ["Events__DataDirectory"] = dataDirectory,
            ["Events__Email__Smtp__Host"] = "127.0.0.1",
            ["Events__Email__Smtp__Port"] = smtp.Port.ToString(),
            ["Events__Email__Smtp__EnableSsl"] = "false",
            ["Events__Email__Outbox__PollSeconds"] = "0.2",
            ["Events__Email__Outbox__RetryBaseSeconds"] = "0.2",
        };

        // Start-up creates the admin and commits the "choose your password" mail with it; the SMTP server takes the
        // message and never answers, so the server is killed in the middle of delivering it.
        var first = await ServerProcess.StartAsync(arguments, environment);
        var hung = await smtp.Hung.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("Subject: Choose your Events admin password", hung);
        Assert.Equal(1, await OutboxCountAsync(connectionString));
        await first.KillAsync();
        await first.DisposeAsync();
        Assert.Empty(smtp.Accepted);

        // Started again, it delivers the mail that was committed but never acknowledged: once.
        smtp.HangAfterData = false;
        var second = await ServerProcess.StartAsync(arguments, environment);
        await WaitUntilAsync(() => !smtp.Accepted.IsEmpty);
        await WaitUntilAsync(async () => await OutboxCountAsync(connectionString) == 0);
        await Task.Delay(1000); // a few polls: time for a wrong second delivery
        Assert.Single(smtp.Accepted);
        Assert.Contains("Subject: Choose your Events admin password", smtp.Accepted.Single());

        // Killed after the delivery and started again: nothing goes twice.
        await second.KillAsync();
        await second.DisposeAsync();
        await using var third = await ServerProcess.StartAsync(arguments, environment);
        await Task.Delay(1500);
        Assert.Single(smtp.Accepted);
        Assert.Equal(0, await OutboxCountAsync(connectionString));
    }

    private static async Task<int> OutboxCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM mail_outbox");
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 60 s.");
            await Task.Delay(100);
        }
    }
}
