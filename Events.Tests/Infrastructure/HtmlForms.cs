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

    /// <summary>The profile page's erasure form, posted as the browser does once the person has confirmed.</summary>
    public static async Task<HttpResponseMessage> EraseAccountAsync(this HttpClient client, string password)
    {
        var page = await client.GetDocumentAsync("/my/profile");
        var form = page.QuerySelectorAll<IHtmlFormElement>("form").Single(f => f.GetAttribute("action") == "/my/account/delete");
        var token = form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        return await client.PostAsync("/my/account/delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["password"] = password,
        }));
    }

    public static async Task<IHtmlDocument> ReadDocumentAsync(this HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
}
