using Events.Tests.Infrastructure;

namespace Events.Tests.Security;

/// <summary>Finding 14: outcome codes in addresses, never text; a crafted link cannot put its words on the site.</summary>
public sealed class OutcomeTextTests
{
    private const string Planted = "Your account is suspended call +1 555 0100";

    [Fact]
    public async Task Crafted_message_done_and_error_texts_are_not_shown()
    {
        await using var kit = await SecurityKit.CreateAsync();
        var (_, _, client) = await kit.SignedInAsync("Visitor");
        var text = Uri.EscapeDataString(Planted);

        foreach (var path in new[]
                 {
                     $"/e/{kit.EventId}/register?message={text}", $"/e/{kit.EventId}/register?outcome={text}",
                     $"/my/registrations?done={text}", $"/my/registrations?outcome={text}", $"/my/registrations?calendar={text}",
                     $"/my/proposals?error={text}", $"/my/proposals?flyer={text}",
                 })
        {
            var html = (await client.GetDocumentAsync(path)).Body!.TextContent;
            Assert.DoesNotContain("suspended", html);
        }

        // The codes the app itself uses still show their sentences.
        Assert.Contains("You are registered.", (await client.GetDocumentAsync($"/e/{kit.EventId}/register?outcome=registered")).Body!.TextContent);
        Assert.Contains("Your registration is cancelled.", (await client.GetDocumentAsync("/my/registrations?outcome=cancelled")).Body!.TextContent);
        Assert.Contains("The flyer can be at most 5 MB.", (await client.GetDocumentAsync("/my/proposals?error=too-large")).Body!.TextContent);
    }
}
