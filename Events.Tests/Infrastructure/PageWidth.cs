using Microsoft.Playwright;

namespace Events.Tests.Infrastructure;

/// <summary>Whether a page scrolls sideways in its window, and which elements stick out on the right (to say what to fix).</summary>
public static class PageWidth
{
    /// <summary>Null when the page fits its window; otherwise how wide it is and the last elements that stick out.</summary>
    public static async Task<string?> OverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] <= widths[1]) return null;
        var widest = await page.EvaluateAsync<string>("""
            (viewport) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > viewport + 1)
                // Inside a region that scrolls or clips on its own, sticking out is that region's business.
                .filter(e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false; } return true; })
                .slice(-5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''))
                .join(', ')
            """, widths[1]);
        return $"the page is {widths[0]} px wide in a {widths[1]} px window ({widest})";
    }

    /// <summary>Fails, naming <paramref name="what"/> and the elements that stick out, when the page scrolls sideways.</summary>
    public static async Task AssertFitsAsync(IPage page, string what)
    {
        if (await OverflowAsync(page) is { } overflow) Xunit.Assert.Fail($"{what} scrolls sideways: {overflow}");
    }
}
