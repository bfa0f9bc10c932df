using Events.Shared.QandA;
using Microsoft.AspNetCore.Http;

namespace Events.Client.QandA;

/// <summary>
/// How a participant key is given to a browser, the same from the participant page and from
/// <see cref="QaHub.ParticipantKeyPath"/>: a cookie that scripts cannot read, for the whole site, for a month.
/// </summary>
public static class QaParticipantCookie
{
    public static void Set(HttpContext http, string key) =>
        http.Response.Cookies.Append(QaHub.ParticipantKeyCookie, key, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, Path = "/",
            MaxAge = TimeSpan.FromDays(30),
        });
}
