using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Events.Tests.Infrastructure;

/// <summary>Fills and posts the server-rendered forms the way a browser without JavaScript would.</summary>
public static class HtmlForms
{
    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the page's form (the one with the given handler name), with its hidden fields plus the given values.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formName, IDictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync(url);
        var form = page.QuerySelectorAll<IHtmlFormElement>("form")
            .First(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]")
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (key, value) in values) fields[key] = value;
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<IHtmlDocument> ReadDocumentAsync(this HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
}
