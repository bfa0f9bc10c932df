using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Events.Shared.Site;
using Microsoft.AspNetCore.Components;

namespace Events.Client.Shared;

/// <summary>
/// Markdown written by organisers and proposers, turned into HTML that is safe to put in a page: raw HTML is shown as
/// text (never interpreted), links work only for absolute http/https addresses (others become plain text), images
/// are shown as their alt text, and headings start at level 3 so that they sit under the page's own headings.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseReferralLinks("nofollow", "noopener", "noreferrer")
        .Build();

    public static MarkupString ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return new MarkupString("");
        var document = Markdown.Parse(markdown, Pipeline);

        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 2);

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!SafeLinks.IsSafeUrl(autolink.Url))
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
            // An image becomes its alt text: public pages fetch no pictures from addresses that organisers type in.
            if (link.IsImage || !SafeLinks.IsSafeUrl(url))
                Unwrap(link);
        }

        return new MarkupString(document.ToHtml(Pipeline));
    }


    /// <summary>Replaces a link by its content (its text, emphasis and so on), so that only the words remain.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }
        link.Remove();
    }
}
