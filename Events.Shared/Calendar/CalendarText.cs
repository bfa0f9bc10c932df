using Events.Shared.Site;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Events.Shared.Calendar;

/// <summary>
/// Organiser-written Markdown as the plain text a calendar's DESCRIPTION or an "add to calendar" link wants: no markup,
/// raw HTML left as the literal text it was typed as (never interpreted anywhere), paragraphs kept apart, list items
/// marked, and the address of each safe link written after its text (a calendar app shows no link text).
/// </summary>
public static class CalendarText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    public static string FromMarkdown(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var document = Markdown.Parse(markdown, Pipeline);

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
            var text = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
            // Images stay as their alt text; an unsafe address (javascript: and the like) is dropped, its text kept.
            if (!link.IsImage && SafeLinks.IsSafeUrl(url) && text.Trim() != url!.Trim())
                link.InsertAfter(new LiteralInline($" ({url!.Trim()})"));
        }
        foreach (var list in document.Descendants<ListBlock>())
        {
            var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
            foreach (var item in list.OfType<ListItemBlock>())
            {
                var marker = new LiteralInline(list.IsOrdered ? $"{number++}. " : "• ");
                if (item.FirstOrDefault() is ParagraphBlock { Inline: { } inline })
                {
                    if (inline.FirstChild is { } first) first.InsertBefore(marker); else inline.AppendChild(marker);
                }
            }
        }

        // One renderer for the document, emptied after each top-level block: blocks become paragraphs.
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        Pipeline.Setup(renderer);
        var paragraphs = new List<string>();
        foreach (var block in document)
        {
            writer.GetStringBuilder().Clear();
            renderer.Render(block);
            writer.Flush();
            var text = writer.ToString().Trim();
            if (text.Length > 0) paragraphs.Add(text);
        }
        return string.Join("\n\n", paragraphs);
    }
}
