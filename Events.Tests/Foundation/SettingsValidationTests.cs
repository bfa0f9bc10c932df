using Events.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Events.Tests.Foundation;

/// <summary>Settings are checked when the app starts, not when the first link is sent, question asked or log-in tried.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Events:CoSponsors:LinkLifetimeDays", "0")]
    [InlineData("Events:CoSponsors:LinkRequestLimit", "-5")]
    [InlineData("Events:CoSponsors:LinkRequestWindowSeconds", "0")]
    [InlineData("Events:Qa:QuestionsPerAddressPerMinute", "0")]
    [InlineData("Events:Qa:VotersPerAddressPerQuestion", "-1")]
    [InlineData("Events:Qa:KeysPerAddressPerMinute", "0")]
    [InlineData("Events:Accounts:Login:FreeFailures", "0")]
    [InlineData("Events:Accounts:Login:FirstDelaySeconds", "0")]
    [InlineData("Events:Calendar:CacheMegabytes", "0")]
    public async Task The_app_does_not_start_with_an_impossible_setting(string key, string value)
    {
        await using var app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?> { [key] = value });
        var thrown = Record.Exception(() => app.CreateClient());
        var invalid = ExceptionChain.Of(thrown).OfType<OptionsValidationException>().SingleOrDefault();
        Assert.True(invalid is not null, $"expected the settings to be refused, got {thrown?.GetType().Name ?? "a running app"}");
        Assert.Contains(key.Split(':')[^1], invalid.Message);
    }
}
