using Events.Shared.Accounts;
using Events.Shared.QandA;
using Microsoft.AspNetCore.SignalR;

namespace Events.Server.QandA;

/// <summary>
/// The live Q&amp;A hub at <see cref="QaHub.Path"/>. A connection joins one side event's Q&amp;A; who it is comes from the
/// sign-in cookie or, for code-holders without an account, from the participant key cookie (only keys this server issued). Methods return result records
/// with a readable error rather than throwing, so that every client can show why something was refused.
/// </summary>
public sealed class LiveQaHub(QaService qa, QaConnections connections, QaSecret secret, ILogger<LiveQaHub> logger) : Hub
{
    /// <summary>What this connection may see now; gone when the grant was revoked (<see cref="QaConnections"/>).</summary>
    private QaGrant? Grant => connections.GrantOf(Context.ConnectionId);

    private QaIdentity Identity =>
        QaIdentity.From(CurrentUser.Id(Context.User!), Context.GetHttpContext()?.Request.Cookies[QaHub.ParticipantKeyCookie], secret);

    public Task<JoinResult> Join(JoinRequest request) =>
        request is null || request.SideEventId == Guid.Empty
            ? Task.FromResult(JoinResult.Fail("Say which side event's Q&A to join."))
            : Guarded(() => JoinAsync(request), JoinResult.Fail);

    private async Task<JoinResult> JoinAsync(JoinRequest request)
    {
        var identity = Identity;
        var (grant, error) = await qa.AdmitAsync(request, identity, Context.GetHttpContext()?.Connection.RemoteIpAddress is { } ip ? Hosting.ClientNetwork.Of(ip) : null);
        if (grant is null) return JoinResult.Fail(error!);
        if (Grant is { } previous)
        {
            connections.Left(Context.ConnectionId);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, QaGroups.For(previous, Context.ConnectionId));
        }
        // Into the group first, then the snapshot: a change committed in between reaches the client both ways, and
        // clients keep the copy with the highest revision. The other order would lose it.
        await Groups.AddToGroupAsync(Context.ConnectionId, QaGroups.For(grant, Context.ConnectionId));
        // Registered before the snapshot looks at the grant again: a revocation that commits before that look is seen by
        // it, one that commits after finds the connection registered and takes it out.
        connections.Joined(Context.ConnectionId, identity, grant);
        if (await qa.SnapshotAsync(grant, identity) is { } snapshot) return new JoinResult(true, null, snapshot);
        connections.Left(Context.ConnectionId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, QaGroups.For(grant, Context.ConnectionId));
        return JoinResult.Fail(QaStanding.Refusal(identity.UserId is not null, request.Code));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Left(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public Task<AskResult> Ask(AskRequest request) =>
        request is null ? Task.FromResult(AskResult.Fail("Write a question first.")) : Guarded(() => qa.AskAsync(Grant, Identity, request), AskResult.Fail);

    public Task<VoteResult> Vote(VoteRequest request) =>
        request is null ? Task.FromResult(VoteResult.Fail("Say which question.")) : Guarded(() => qa.VoteAsync(Grant, Identity, request.QuestionId, vote: true), VoteResult.Fail);

    public Task<VoteResult> Unvote(VoteRequest request) =>
        request is null ? Task.FromResult(VoteResult.Fail("Say which question.")) : Guarded(() => qa.VoteAsync(Grant, Identity, request.QuestionId, vote: false), VoteResult.Fail);

    public Task<QaResult> Withdraw(WithdrawRequest request) =>
        request is null ? Task.FromResult(QaResult.Fail("Say which question.")) : Guarded(() => qa.WithdrawAsync(Grant, Identity, request.QuestionId), QaResult.Fail);

    public Task<QaResult> Moderate(ModerateRequest request) =>
        request is null ? Task.FromResult(QaResult.Fail("Say which question and what to do.")) : Guarded(() => qa.ModerateAsync(Grant, Identity, request), QaResult.Fail);

    public Task<QaResult> Configure(QaSettingsRequest request) =>
        request is null ? Task.FromResult(QaResult.Fail("Say what to change.")) : Guarded(() => qa.ConfigureAsync(Grant, Identity, request), QaResult.Fail);

    /// <summary>
    /// A database failure becomes a plain "not saved" answer: the client knows its question was not acknowledged and can
    /// send it again. Logged without the caller's identity.
    /// </summary>
    private async Task<T> Guarded<T>(Func<Task<T>> action, Func<string, T> fail)
    {
        try { return await action(); }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.EntityFrameworkCore.DbUpdateException or TimeoutException or InvalidOperationException)
        {
            logger.LogError(e, "A Q&A request failed");
            return fail("The server could not save this just now. Nothing was stored; please try again.");
        }
    }
}
