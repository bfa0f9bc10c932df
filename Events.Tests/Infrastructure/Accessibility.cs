using System.Text.Json;
using Microsoft.Playwright;

namespace Events.Tests.Infrastructure;

/// <summary>
/// Runs axe-core (tools/node/node_modules/axe-core) inside a Playwright page and fails with a readable list of violations.
/// The script is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern,
/// so the site's CSP stays as strict as in production.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(ServerProcess.RepositoryRoot, "tools", "node", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"axe-core is missing ({path}): run ./test.sh, which installs the node tools.");
    });

    /// <summary>The WCAG 2.x A/AA and best-practice rules; an empty list means the page passed.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.EvaluateAsync(AxeSource.Value);
        var json = await page.EvaluateAsync<string>("""
            async () => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
                return JSON.stringify(result.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray()
            .Select(v => $"{v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} at {string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()).Take(5))}")
            .ToList();
    }

    public static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await ViolationsAsync(page);
        Xunit.Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {what} ({page.Url}):\n" + string.Join("\n", violations));
    }
}
