namespace Events.Shared.Site;

/// <summary>What an error status means to the person who got it: the one wording for static and rendered error pages.</summary>
public static class StatusMessages
{
    public static (string Title, string Message) For(int status) => status switch
    {
        404 => ("Page not found", "There is nothing at this address. It may have moved, or the link may be mistyped."),
        400 => ("This request could not be handled", "Something in the address or the form was not right, or the form had expired. Go back, reload the page and try again."),
        401 or 403 => ("Not allowed", "You do not have access to this. Log in with the right account, or ask the organisers."),
        405 => ("This request could not be handled", "This address does not take that kind of request."),
        413 => ("This request could not be handled", "What you sent is too large. A flyer can be at most 5 MB; other forms take much less."),
        429 => ("Too many requests", "Too many requests came from your connection in a short time. Wait a minute, then try again."),
        >= 500 => ("Something went wrong", "The page could not be shown. Please try again in a moment."),
        _ => ("This request could not be handled", "Go back and try again."),
    };
}
