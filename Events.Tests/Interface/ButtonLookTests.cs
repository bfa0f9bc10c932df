using Bunit;
using Events.Client.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Events.Tests.Interface;

/// <summary>The plain buttons of long interactive lists look like MudBlazor's: the same classes as a MudButton renders.</summary>
public sealed class ButtonLookTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Theory]
    [InlineData(Variant.Filled, Color.Primary, Size.Small)]
    [InlineData(Variant.Outlined, Color.Default, Size.Small)]
    [InlineData(Variant.Outlined, Color.Error, Size.Small)]
    [InlineData(Variant.Filled, Color.Error, Size.Small)]
    [InlineData(Variant.Text, Color.Error, Size.Small)]
    [InlineData(Variant.Text, Color.Default, Size.Small)]
    [InlineData(Variant.Filled, Color.Primary, Size.Medium)]
    public void A_plain_button_gets_the_classes_of_the_MudButton_it_stands_for(Variant variant, Color color, Size size)
    {
        var mud = _context.Render<MudButton>(p => p.Add(b => b.Variant, variant).Add(b => b.Color, color).Add(b => b.Size, size)
            .AddChildContent("Accept"));
        var button = mud.Find("button");
        Assert.Equal(button.ClassList.Order(), ButtonLook.Of(variant, color, size).Split(' ').Order());
        Assert.Equal("mud-button-label", button.FirstElementChild!.ClassName);
    }
}
