using Events.Shared.Accounts;

namespace Events.Server.Accounts;

/// <summary>
/// Keeps staff who must enrol in two-factor sign-in (<see cref="StaffTwoFactorRule"/>) out of the staff pages: a page
/// request goes to the enrolment page (and back afterwards), anything else is refused with a 403 that says why.
/// </summary>
public sealed class StaffTwoFactorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, StaffTwoFactorRule rule)
    {
        if (rule.Required && StaffTwoFactorRule.IsStaffPath(context.Request.Path) && await rule.MustEnrolAsync(CurrentUser.Id(context.User)))
        {
            context.Response.Headers.CacheControl = "no-store";
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{StaffTwoFactorRule.EnrolmentPath}?returnUrl={Uri.EscapeDataString(back)}");
                return;
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(StaffTwoFactorRule.Refusal);
            return;
        }
        await next(context);
    }
}
