using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Events.Tests.Infrastructure;

/// <summary>
/// A bUnit context with the app's MudBlazor services and the providers an interactive page places (popovers, dialogs),
/// for component tests. MudBlazor registers services that are only IAsyncDisposable, so the context is disposed
/// asynchronously (xunit's IAsyncLifetime), as STACK.md says.
/// </summary>
public abstract class MudComponentContext : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();
    private BunitAuthorizationContext? _auth;

    protected MudComponentContext()
    {
        Context.Services.AddMudServices();
        // MudBlazor measures and focuses through JavaScript; the test renders the markup and the events, not the browser.
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        // Pages wait on a real database, on a machine shared by several test runs: a wait is an upper bound, not a pause.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>The popover and dialog providers, rendered once: dialogs opened by the component under test appear here.</summary>
    protected IRenderedComponent<MudDialogProvider> Providers()
    {
        Context.Render<MudPopoverProvider>();
        return Context.Render<MudDialogProvider>();
    }

    /// <summary>
    /// Signs <paramref name="userId"/> in as the app's cookie does: the account id in the NameIdentifier claim (what
    /// <c>CurrentUser.Id</c> reads) and the given roles, cascaded to the page as its authentication state.
    /// </summary>
    protected void SignIn(Guid userId, params string[] roles)
    {
        // Added once; signing someone else in later changes who the next rendered page sees.
        var auth = _auth ??= Context.AddAuthorization();
        auth.SetAuthorized(userId.ToString());
        if (roles.Length > 0) auth.SetRoles(roles);
        // Last: bUnit's SetRoles publishes a principal without the claims set before it.
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    /// <summary>A service a page injects, taken from the app's own registration (a scope of a test's services).</summary>
    protected void Use<T>(IServiceProvider services) where T : class => Context.Services.AddSingleton(services.GetRequiredService<T>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
