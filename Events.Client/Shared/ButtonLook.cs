using System.Collections.Concurrent;
using MudBlazor;

namespace Events.Client.Shared;

/// <summary>
/// MudBlazor's button classes for a plain <c>&lt;button&gt;</c> (with its <c>&lt;span class="mud-button-label"&gt;</c>),
/// for buttons repeated on every row of an interactive page. A MudButton is a component: each one keeps two render
/// trees and its own state in the server's memory for as long as the circuit lives, a few kilobytes per button, per
/// open page; a plain element costs a few frames of the page's own tree. Same look, same role and name for assistive
/// technology. The class strings are made once per combination.
/// </summary>
public static class ButtonLook
{
    private static readonly ConcurrentDictionary<(Variant, Color, Size), string> Classes = new();

    public static string Of(Variant variant, Color color = Color.Default, Size size = Size.Medium) =>
        Classes.GetOrAdd((variant, color, size), static key =>
        {
            // MudBlazor's class names are its enum names in lower case (Filled → filled, Primary → primary, Small → small).
            var (v, c, s) = (key.Item1.ToString().ToLowerInvariant(), key.Item2.ToString().ToLowerInvariant(), key.Item3.ToString().ToLowerInvariant());
            return $"mud-button-root mud-button mud-button-{v} mud-button-{v}-{c} mud-button-{v}-size-{s} mud-ripple";
        });
}
