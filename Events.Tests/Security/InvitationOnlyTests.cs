using System.Net;
using Events.Shared.Convenings;
using Events.Tests.Infrastructure;

namespace Events.Tests.Security;

/// <summary>Finding 2: an invitation-only convening needs a valid invitation for each of its events, whatever the event's own mode.</summary>
public sealed class InvitationOnlyTests
{
    [Fact]
    public async Task A_made_up_invitation_does_not_register_anyone_for_an_event_of_an_invitation_only_convening()
    {
        await using var kit = await SecurityKit.CreateAsync(visibility: ConveningVisibility.Invitation);
        var (userId, email, client) = await kit.SignedInAsync("Intruder");
        var token = await SecurityKit.AntiforgeryTokenAsync(client, "/my/registrations");

        var response = await client.PostAsync($"/e/{kit.EventId}/register", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["invitation"] = "anything" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("outcome=invitationinvalid", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await kit.Data.ScalarAsync<int>("SELECT count(*) FROM registrations WHERE user_id = @userId", new { userId }));
        Assert.DoesNotContain(await kit.MailsAsync(), m => m.To == email);
    }

    [Fact]
    public async Task The_invited_guest_registers_with_the_link_from_the_mail()
    {
        await using var kit = await SecurityKit.CreateAsync(visibility: ConveningVisibility.Invitation);
        var (userId, email, client) = await kit.SignedInAsync("Guest");
        var (registrations, mailbox) = await TestRegistrations.CreateAsync(kit.Data);
        Assert.True((await registrations.Desk.InviteAsync(kit.Organiser, kit.EventId, [email])).Succeeded);
        var line = (await mailbox.ListAsync()).Single(m => m.To == email).TextBody.Split('\n').Single(l => l.Contains("invitation="));
        var invitation = Uri.UnescapeDataString(line[(line.IndexOf("invitation=", StringComparison.Ordinal) + "invitation=".Length)..].Trim());
        var token = await SecurityKit.AntiforgeryTokenAsync(client, "/my/registrations");

        var response = await client.PostAsync($"/e/{kit.EventId}/register", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["invitation"] = invitation }));

        Assert.Contains("outcome=registered", response.Headers.Location!.OriginalString);
        Assert.Equal("confirmed", await kit.Data.ScalarAsync<string>("SELECT status FROM registrations WHERE user_id = @userId", new { userId }));
    }
}
