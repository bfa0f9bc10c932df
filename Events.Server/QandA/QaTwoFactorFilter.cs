using Events.Shared.Accounts;
using Events.Server.Accounts;
using Events.Server.Database;
using Events.Shared.QandA;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.QandA;

/// <summary>
/// The live Q&amp;A's side of <see cref="StaffTwoFactorRule"/>: staff who must enrol in two-factor sign-in cannot join a
/// Q&amp;A they would moderate, nor moderate or configure one. Joining as a participant where they are not staff still works.
/// </summary>
public sealed class QaTwoFactorFilter(StaffTwoFactorRule rule, IDbContextFactory<EventsDbContext> dbFactory) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!rule.Required) return await next(invocation);
        var userId = CurrentUser.Id(invocation.Context.User ?? new());
        switch (invocation.HubMethodName)
        {
            case nameof(LiveQaHub.Moderate) or nameof(LiveQaHub.Configure) when await rule.MustEnrolAsync(userId):
                return QaResult.Fail(StaffTwoFactorRule.Refusal);
            case nameof(LiveQaHub.Join) when invocation.HubMethodArguments is [JoinRequest request]
                                             && await rule.MustEnrolAsync(userId) && await WouldModerateAsync(request.SideEventId, userId):
                return JoinResult.Fail(StaffTwoFactorRule.Refusal);
            default:
                return await next(invocation);
        }
    }

    private async Task<bool> WouldModerateAsync(Guid sideEventId, Guid? userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await QaStanding.LoadAsync(db, sideEventId, userId) is { IsModerator: true };
    }
}
