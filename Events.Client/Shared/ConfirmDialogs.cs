using MudBlazor;

namespace Events.Client.Shared;

public static class ConfirmDialogs
{
    private static readonly DialogOptions Options = new()
    {
        MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = true,
        // The safe choice has the focus, so that Enter pressed by habit does not destroy anything.
        DefaultFocus = DefaultFocus.FirstChild,
    };

    /// <summary>
    /// Asks before a destructive action; true only when the person chose <paramref name="confirmText"/>. Escape, the
    /// backdrop and the cancel button all answer false.
    /// </summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText,
        string cancelText = "Keep it", bool destructive = true)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, title },
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
            { d => d.CancelText, cancelText },
            { d => d.Destructive, destructive },
        };
        var reference = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, Options);
        var result = await reference.Result;
        return result is { Canceled: false, Data: true };
    }
}
