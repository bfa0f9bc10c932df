using System.Security.Claims;
using Bunit;
using Events.Client.Accounts;
using Events.Client.Layout;
using Events.Client.Shared;
using Events.Shared.Convenings;
using Events.Shared.Site;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Events.Tests.Interface;

/// <summary>
/// bUnit tests of the shell's components: the confirmation for destructive actions, the confirmed post, outcome alerts
/// and the layout's links. MudBlazor registers services that are only IAsyncDisposable, so the context is disposed
/// with DisposeAsync.
/// </summary>
public sealed class ShellComponentTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public Task InitializeAsync()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void An_outcome_alert_is_a_status_message_with_its_text_and_nothing_without_one()
    {
        var shown = _ctx.Render<OutcomeAlert>(p => p.Add(a => a.Text, "Your registration is cancelled.").AddUnmatched("data-testid", "outcome"));
        var alert = shown.Find("[data-testid=outcome]");
        Assert.Equal("status", alert.GetAttribute("role"));
        Assert.Contains("Your registration is cancelled.", alert.TextContent);

        var empty = _ctx.Render<OutcomeAlert>(p => p.Add(a => a.Text, null));
        Assert.Empty(empty.FindAll(".mud-alert"));
    }

    [Fact]
    public async Task The_confirmation_names_the_action_in_red_and_answers_true_only_for_it()
    {
        var providers = _ctx.Render<MudProviders>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();

        // Started on the renderer's thread and awaited only after the click that answers it.
        Task<bool> answer = null!;
        await providers.InvokeAsync(() => { answer = dialogs.ConfirmAsync("Cancel your registration?", "Your seat goes to the next person.", "Cancel my registration", "Keep my registration"); });
        providers.WaitForAssertion(() => Assert.Contains("Your seat goes to the next person.", providers.Find("[data-testid=confirm-message]").TextContent));
        var yes = providers.Find("[data-testid=confirm-yes]");
        Assert.Contains("Cancel my registration", yes.TextContent);
        Assert.Contains("mud-button-filled-error", yes.ClassName);
        Assert.DoesNotContain("mud-button-filled", providers.Find("[data-testid=confirm-cancel]").ClassName);
        await providers.Find("[data-testid=confirm-yes]").ClickAsync(new());
        Assert.True(await answer);
        providers.WaitForAssertion(() => Assert.Empty(providers.FindAll("[data-testid=confirm-yes]")));

        Task<bool> declined = null!;
        await providers.InvokeAsync(() => { declined = dialogs.ConfirmAsync("Change the address?", "The old one stops working.", "Change the address"); });
        providers.WaitForAssertion(() => providers.Find("[data-testid=confirm-cancel]"));
        await providers.Find("[data-testid=confirm-cancel]").ClickAsync(new());
        Assert.False(await declined);
    }

    [Fact]
    public async Task A_confirmed_post_submits_only_after_yes_and_not_after_no()
    {
        var module = _ctx.JSInterop.SetupModule("./_content/Events.Client/Shared/ConfirmedSubmit.razor.js");
        var submit = module.SetupVoid("submit", _ => true);
        submit.SetVoidResult();
        var page = _ctx.Render(builder =>
        {
            builder.OpenComponent<MudProviders>(0);
            builder.CloseComponent();
            builder.OpenComponent<ConfirmedPost>(1);
            builder.AddComponentParameter(2, nameof(ConfirmedPost.Action), "/my/calendar/reset");
            builder.AddComponentParameter(3, nameof(ConfirmedPost.ButtonText), "Change the address");
            builder.AddComponentParameter(4, nameof(ConfirmedPost.Title), "Change your calendar address?");
            builder.AddComponentParameter(5, nameof(ConfirmedPost.Message), "Subscribed calendars stop receiving your events.");
            builder.AddComponentParameter(6, nameof(ConfirmedPost.ConfirmText), "Change the address");
            builder.AddComponentParameter(7, nameof(ConfirmedPost.TestId), "reset");
            builder.CloseComponent();
        });

        // Interactive: the button no longer submits by itself; it asks.
        var form = page.Find("form[data-testid=reset]");
        Assert.Equal("/my/calendar/reset", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        page.WaitForAssertion(() => Assert.Equal("button", page.Find("form[data-testid=reset] button").GetAttribute("type")));

        // The button's handler waits for the dialog's answer: the click completes only after the answer.
        var asking = page.Find("form[data-testid=reset] button").ClickAsync(new());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-cancel]"));
        await page.Find("[data-testid=confirm-cancel]").ClickAsync(new());
        await asking;
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-cancel]")));
        Assert.Empty(submit.Invocations);

        asking = page.Find("form[data-testid=reset] button").ClickAsync(new());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-yes]"));
        await page.Find("[data-testid=confirm-yes]").ClickAsync(new());
        await asking;
        page.WaitForAssertion(() => Assert.Single(submit.Invocations));
    }

    [Fact]
    public async Task Turning_two_factor_off_asks_first_and_submits_the_page_form_only_after_yes()
    {
        var module = _ctx.JSInterop.SetupModule("./_content/Events.Client/Shared/ConfirmedSubmit.razor.js");
        var submit = module.SetupVoid("submit", _ => true);
        submit.SetVoidResult();
        // Inside the two-factor page's static form, as the page places it.
        var page = _ctx.Render(builder =>
        {
            builder.OpenElement(0, "form");
            builder.AddAttribute(1, "method", "post");
            builder.OpenComponent<TwoFactorOff>(2);
            builder.AddComponentParameter(3, nameof(TwoFactorOff.RequiredForRole), true);
            builder.CloseComponent();
            builder.CloseElement();
        });

        page.WaitForAssertion(() => Assert.Equal("button", page.Find("form [data-testid=turn-off-two-factor]").GetAttribute("type")));
        var asking = page.Find("[data-testid=turn-off-two-factor]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("recovery codes stop working", page.Find("[data-testid=confirm-message]").TextContent));
        Assert.Contains("the organiser, moderator and admin pages close to you", page.Find("[data-testid=confirm-message]").TextContent);
        Assert.Contains("Keep it on", page.Find("[data-testid=confirm-cancel]").TextContent);
        await page.Find("[data-testid=confirm-cancel]").ClickAsync(new());
        await asking;
        Assert.Empty(submit.Invocations);

        asking = page.Find("[data-testid=turn-off-two-factor]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Turn it off", page.Find("[data-testid=confirm-yes]").TextContent));
        await page.Find("[data-testid=confirm-yes]").ClickAsync(new());
        await asking;
        page.WaitForAssertion(() => Assert.Single(submit.Invocations));
    }

    [Fact]
    public void The_layout_offers_log_in_and_an_account_that_come_back_to_the_page()
    {
        _ctx.AddAuthorization();
        _ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/e/5b1a7d8e-0000-4000-8000-000000000001");
        var layout = _ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1>Event</h1>"))));

        var back = Uri.EscapeDataString("/e/5b1a7d8e-0000-4000-8000-000000000001");
        Assert.Equal($"/account/login?returnUrl={back}", layout.FindAll("nav a").Single(a => a.TextContent.Trim() == "Log in").GetAttribute("href"));
        Assert.Equal($"/account/register?returnUrl={back}", layout.FindAll("nav a").Single(a => a.TextContent.Trim() == "Create an account").GetAttribute("href"));
        // The menu is a <details> (no JavaScript needed), and the page body is the main landmark.
        Assert.NotNull(layout.Find("details.events-menu > summary"));
        Assert.Contains("Event", layout.Find("main#main").TextContent);
        Assert.Empty(layout.FindAll("[data-testid=user-name]"));
    }

    [Fact]
    public void Signed_in_the_layout_shows_the_name_own_pages_and_admin_pages_only_to_admins()
    {
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("amina@example.org");
        auth.SetClaims(new Claim("display_name", "Amina Yusuf"));
        var layout = _ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        Assert.Equal("Amina Yusuf", layout.Find("[data-testid=user-name]").TextContent);
        Assert.Equal("auto", layout.Find("[data-testid=user-name]").GetAttribute("dir"));
        Assert.NotNull(layout.Find("a[href='/my/registrations']"));
        Assert.Empty(layout.FindAll("a[href='/admin/users']"));
        Assert.Equal("/account/logout", layout.Find("form").GetAttribute("action"));

        auth.SetRoles("Admin");
        var admin = _ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        Assert.NotNull(admin.Find("a[href='/admin/users']"));
    }

    [Theory]
    [InlineData(null, "/account/login")]
    [InlineData("/", "/account/login")]
    [InlineData("/e/abc", "/account/login?returnUrl=%2Fe%2Fabc")]
    [InlineData("//evil.example/", "/account/login")]
    [InlineData("/\\evil.example/", "/account/login")]
    [InlineData("https://evil.example/", "/account/login")]
    public void Account_links_carry_only_paths_of_this_site(string? returnUrl, string expected)
    {
        Assert.Equal(expected, AccountLinks.Login(returnUrl));
        Assert.Equal(expected.Replace("/account/login", "/account/register"), AccountLinks.Register(returnUrl));
    }

    [Fact]
    public void A_return_address_longer_than_the_limit_is_not_followed() =>
        Assert.Equal("/", LocalReturnUrl.Safe("/" + new string('a', LocalReturnUrl.MaxLength)));

    [Fact]
    public void Times_are_written_one_way_24_hour_with_the_day_first()
    {
        var start = new DateTimeOffset(2027, 3, 8, 14, 30, 0, TimeSpan.FromHours(-5));
        Assert.Equal("Monday 8 March 2027, 14:30–15:45", TimeText.Span(start, start.AddMinutes(75)));
        Assert.Equal("Monday 8 March 2027, 23:00 – Tuesday 9 March 2027, 01:00", TimeText.Span(start.AddHours(8.5), start.AddHours(10.5)));
        Assert.Equal("08:05", TimeText.Time(new DateTimeOffset(2027, 3, 8, 8, 5, 0, TimeSpan.Zero)));
        Assert.Equal("8–19 March 2027", TimeText.DateRange(new(2027, 3, 8), new(2027, 3, 19)));
        Assert.Equal("27 February – 3 March 2027", TimeText.DateRange(new(2027, 2, 27), new(2027, 3, 3)));
        Assert.Equal("29 December 2026 – 2 January 2027", TimeText.DateRange(new(2026, 12, 29), new(2027, 1, 2)));
        Assert.Equal("2027-03-08T19:30:00Z", TimeText.Iso(start));
    }

    [Fact]
    public void The_propose_call_to_action_shows_until_an_open_convening_starts_or_its_deadline_passes()
    {
        var open = new ConveningSummary(Guid.NewGuid(), "csw", "CSW", ConveningKind.UnSession, new(2027, 3, 8), new(2027, 3, 19), "America/New_York", null, 0, OpenToProposals: true);
        Assert.True(open.TakesProposalsAt(new(2027, 3, 7, 12, 0, 0, TimeSpan.Zero)));
        Assert.False(open.TakesProposalsAt(new(2027, 3, 8, 0, 0, 0, TimeSpan.Zero)));
        Assert.False((open with { OpenToProposals = false }).TakesProposalsAt(new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        // The organisers' deadline: open until that moment, closed from it on.
        var withDeadline = open with { ProposalsCloseAt = new DateTimeOffset(2027, 2, 1, 23, 0, 0, TimeSpan.Zero) };
        Assert.True(withDeadline.TakesProposalsAt(new(2027, 2, 1, 22, 59, 0, TimeSpan.Zero)));
        Assert.False(withDeadline.TakesProposalsAt(new(2027, 2, 1, 23, 0, 0, TimeSpan.Zero)));
    }
}
