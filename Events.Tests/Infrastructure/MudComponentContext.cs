using Bunit;
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

    protected MudComponentContext()
    {
        Context.Services.AddMudServices();
        // MudBlazor measures and focuses through JavaScript; the test renders the markup and the events, not the browser.
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>The popover and dialog providers, rendered once: dialogs opened by the component under test appear here.</summary>
    protected IRenderedComponent<MudDialogProvider> Providers()
    {
        Context.Render<MudPopoverProvider>();
        return Context.Render<MudDialogProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
