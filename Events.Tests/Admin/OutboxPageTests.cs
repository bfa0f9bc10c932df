using Bunit;
using Events.Client.Admin;
using Events.Server.Email;
using Events.Shared.Email;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Admin;

/// <summary>The Admins' outbox page in bUnit, on the app's own outbox services and a real database.</summary>
public sealed class OutboxPageTests : MudComponentContext
{
    private async Task<TestData> WaitingMailAsync()
    {
        var data = await TestData.CreateAsync();
        // A mail waiting for its first attempt, an hour from now.
        await data.Services.GetRequiredService<MailOutbox>().EnqueueAsync(new OutgoingMail("bruno@example.org", "Invitation: Dialogue", "You are invited."));
        await data.ScalarAsync<int>("UPDATE mail_outbox SET next_attempt_at = now() + interval '1 hour' WHERE to_address = 'bruno@example.org' RETURNING 1", new { });
        Use<IOutboxAdmin>(data.Services.CreateScope().ServiceProvider);
        return data;
    }

    private static Task<long> WaitingAsync(TestData data) =>
        data.ScalarAsync<long>("SELECT count(*) FROM mail_outbox WHERE to_address = 'bruno@example.org'", new { });

    [Fact]
    public async Task An_admin_sees_the_waiting_mail_and_discards_it_after_confirming()
    {
        var data = await WaitingMailAsync();
        SignIn(await data.AddUserAsync("Ada Admin", "Admin"), "Admin");

        var page = Context.Render<OutboxPage>();
        page.WaitForAssertion(() => Assert.Equal("0 mails given up · 1 mail waiting", page.Find("[data-testid=outbox-counts]").TextContent.Trim()));
        Assert.Contains("Invitation: Dialogue", page.Markup);
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=outbox-title]").GetAttribute("data-interactive")));

        await page.InvokeAsync(() => page.Find("[data-testid=outbox-discard]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-cancel]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-dialog]")));
        Assert.Equal(1, await WaitingAsync(data));

        await page.InvokeAsync(() => page.Find("[data-testid=outbox-discard]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-yes]").Click());
        page.WaitForAssertion(() => Assert.Equal("0 mails given up · 0 mails waiting", page.Find("[data-testid=outbox-counts]").TextContent.Trim()));
        Assert.Contains("“Invitation: Dialogue” was discarded.", page.Markup);
        Assert.Equal(0, await WaitingAsync(data));
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_sees_no_mail()
    {
        var data = await WaitingMailAsync();
        SignIn(await data.AddUserAsync("Olga Organiser", "Organiser"), "Organiser");

        var page = Context.Render<OutboxPage>();
        page.WaitForAssertion(() => Assert.Equal("0 mails given up · 0 mails waiting", page.Find("[data-testid=outbox-counts]").TextContent.Trim()));
        Assert.DoesNotContain("bruno@example.org", page.Markup);
        Assert.DoesNotContain("Invitation: Dialogue", page.Markup);
        Assert.Equal(1, await WaitingAsync(data));
    }
}
