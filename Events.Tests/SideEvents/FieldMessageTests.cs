using Bunit;
using Events.Client.Shared;
using Events.Shared.Convenings;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Events.Tests.SideEvents;

/// <summary>FieldMessage shows a field's own messages beside it and words the framework's conversion errors as people would.</summary>
public sealed class FieldMessageTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task A_conversion_error_gets_the_field_sentence_and_other_messages_stay_as_written()
    {
        var form = new ConveningForm();
        var edit = new EditContext(form);
        var store = new ValidationMessageStore(edit);
        var rendered = _context.Render<CascadingValue<EditContext>>(p => p
            .Add(c => c.Value, edit)
            .AddChildContent<FieldMessage<DateOnly?>>(m => m
                .Add(x => x.For, () => form.StartsOn)
                .Add(x => x.Unreadable, "Enter the first day as a date, like 8 March 2027.")));
        Assert.Empty(rendered.FindAll("[data-field-message]"));

        store.Add(new FieldIdentifier(form, nameof(form.StartsOn)), "The value '' is not valid for 'StartsOn'.");
        store.Add(new FieldIdentifier(form, nameof(form.EndsOn)), "The last day cannot be before the first day.");
        await rendered.InvokeAsync(edit.NotifyValidationStateChanged);
        Assert.Equal(["Enter the first day as a date, like 8 March 2027."], rendered.FindAll("[data-field-message]").Select(e => e.TextContent));

        store.Clear();
        store.Add(new FieldIdentifier(form, nameof(form.StartsOn)), "Enter the first day.");
        await rendered.InvokeAsync(edit.NotifyValidationStateChanged);
        Assert.Equal(["Enter the first day."], rendered.FindAll("[data-field-message]").Select(e => e.TextContent));
        Assert.True(FieldMessage<int>.IsMappingError("The Changeover field must be a number."));
        Assert.False(FieldMessage<int>.IsMappingError("The changeover between events must be between 0 and 240 minutes."));
    }
}
