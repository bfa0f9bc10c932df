// The baseline for bench/qa: what SignalR costs on its own. Clients join a group; Ask rebroadcasts to the group a payload
// shaped like the Events hub's QuestionView, with no authentication, storage or rules.
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSignalR();
var app = builder.Build();
app.MapGet("/health", () => "ok");
app.MapHub<RebroadcastHub>("/hubs/baseline");
app.Run();

public sealed class RebroadcastHub : Hub
{
    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task Ask(string group, string text) =>
        Clients.Group(group).SendAsync("QuestionAdded", new
        {
            id = Guid.NewGuid(), sideEventId = Guid.Empty, text, authorName = (string?)null, state = "published", votes = 0,
            starred = false, highlighted = false, edited = false, askedAt = DateTimeOffset.UtcNow, revision = 1L,
        });
}
