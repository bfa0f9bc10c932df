using System.Collections.Concurrent;
using System.Security.Cryptography;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared.Convenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Events.Server.Calendar;

/// <summary>A calendar as served: its bytes, their strong ETag, and what it depends on.</summary>
public sealed record BuiltCalendar(byte[] Body, EntityTagHeaderValue ETag, DateTimeOffset LastModified, string FileName, CalendarScope Scope)
{
    public static BuiltCalendar From(CalendarFeed feed, string ics)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(ics);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"");
        return new BuiltCalendar(body, etag, feed.LastModified, feed.FileName, feed.Scope);
    }
}

/// <summary>
/// Built calendars kept in memory until something they show changes, so that a poll costs a lookup (and a 304 costs
/// nothing more). The database says what changed (triggers NOTIFY calendar_changes, heard by
/// <see cref="CalendarChangeWatcher"/> on every instance), and <see cref="ApplyAsync"/> drops exactly the calendars
/// that change affects: those holding the event, room, venue or convening, the personal feed of the person, and the
/// programme feeds whose filter the changed event passes now.
/// <para>
/// Why IMemoryCache and not HybridCache: exact invalidation has to look through the cached feeds (which programme
/// feeds of a convening are cached, with which filters), which HybridCache cannot list (it removes by key or tag
/// only); its second level would be a shared copy that still needs telling of changes, which NOTIFY already does for
/// every instance; and it hands out a copy of values it does not know to be immutable, where a feed is 1.7 MB.
/// IMemoryCache bounds the memory (entries are sized by their bytes) and <see cref="MemoryCache.Keys"/> lists them;
/// concurrent builds of one feed are joined here (a change makes every subscriber's next poll a miss at once).
/// </para>
/// </summary>
public sealed class CalendarFeedCache : IDisposable
{
    public const string Channel = "calendar_changes";

    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<BuiltCalendar?>>> _building = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _syncs = new();
    private readonly IDbContextFactory<EventsDbContext> _dbFactory;
    // Null on SQL Server: no LISTEN/NOTIFY, so no watcher, so nothing is kept and every calendar is built per request.
    private readonly NpgsqlDataSource? _dataSource;
    private readonly ILogger<CalendarFeedCache> _logger;
    // Raised by every change heard: a build that began before a change is served but not kept.
    private long _generation;
    // Only while the watcher listens: changes made while nobody listens would otherwise go unnoticed.
    private volatile bool _listening;

    public CalendarFeedCache(IDbContextFactory<EventsDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<CalendarOptions> options, ILogger<CalendarFeedCache> logger,
        NpgsqlDataSource? dataSource = null)
    {
        _dbFactory = dbFactory;
        _dataSource = dataSource;
        _logger = logger;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024L * 1024L });
    }

    /// <summary>Calendars held now (for tests and the benchmark's figures).</summary>
    public int Count => _cache.Count;

    public bool Contains(string key) => _cache.TryGetValue(key, out _);

    /// <summary>The cached calendar for <paramref name="key"/>, or the one <paramref name="build"/> makes (kept unless a change came meanwhile).</summary>
    public async Task<BuiltCalendar?> GetOrBuildAsync(string key, Func<Task<BuiltCalendar?>> build)
    {
        if (_cache.TryGetValue(key, out BuiltCalendar? cached)) return cached;
        if (!_listening) return await build();
        var lazy = _building.GetOrAdd(key, k => new Lazy<Task<BuiltCalendar?>>(() => BuildAndKeepAsync(k, build)));
        try
        {
            return await lazy.Value;
        }
        finally
        {
            _building.TryRemove(new KeyValuePair<string, Lazy<Task<BuiltCalendar?>>>(key, lazy));
        }
    }

    private async Task<BuiltCalendar?> BuildAndKeepAsync(string key, Func<Task<BuiltCalendar?>> build)
    {
        var generation = Interlocked.Read(ref _generation);
        var built = await build();
        // Not found is not kept: unknown addresses would fill the cache.
        if (built is not null && _listening && Interlocked.Read(ref _generation) == generation)
            _cache.Set(key, built, new MemoryCacheEntryOptions { Size = built.Body.Length + 1024 });
        return built;
    }

    /// <summary>
    /// The watcher listens (again): whatever changed before is unknown, so start empty. That also answers every
    /// <see cref="SyncAsync"/> waiting now: whose marker may have been sent before the LISTEN (a host just started, or
    /// a connection lost) and so never be heard, and whatever it waits for is dropped with everything else.
    /// </summary>
    public void Listening()
    {
        Forget();
        _listening = true;
        foreach (var waiting in _syncs.Values) waiting.TrySetResult();
    }

    /// <summary>The watcher lost its connection: stop keeping calendars until it listens again.</summary>
    public void Deaf()
    {
        _listening = false;
        Forget();
    }

    /// <summary>Drops every cached calendar (and the builds under way).</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _building.Clear();
        _cache.Clear();
    }

    /// <summary>
    /// Waits until every change committed before this call has been applied here: a marker goes through the same channel,
    /// and PostgreSQL delivers notifications in commit order; or until the watcher (re)starts listening, which empties the
    /// cache. For tests, and for code that must read its own change.
    /// </summary>
    public async Task SyncAsync(TimeSpan? timeout = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _syncs[marker] = heard;
        try
        {
            if (_dataSource is null) return; // Nothing is cached without the watcher.
            await using (var command = _dataSource.CreateCommand($"SELECT pg_notify('{Channel}', 'sync:' || $1)"))
            {
                command.Parameters.AddWithValue(marker);
                await command.ExecuteNonQueryAsync();
            }
            await heard.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        finally
        {
            _syncs.TryRemove(marker, out _);
        }
    }

    /// <summary>One notification: 'event:&lt;id&gt;', 'sponsor:&lt;event id&gt;', 'room:', 'venue:', 'convening:', 'user:', 'sync:&lt;marker&gt;'; anything else forgets all.</summary>
    public async Task ApplyAsync(string change)
    {
        var (kind, value) = change.Split(':', 2) is [var k, var v] ? (k, v) : (change, "");
        if (kind == "sync")
        {
            if (_syncs.TryGetValue(value, out var heard)) heard.TrySetResult();
            return;
        }
        Interlocked.Increment(ref _generation);
        _building.Clear();
        if (!Guid.TryParse(value, out var id))
        {
            if (kind != "all") _logger.LogWarning("Unknown calendar change {Change}: every cached calendar is dropped", change);
            _cache.Clear();
            return;
        }
        switch (kind)
        {
            case "event":
                Remove(s => s.Events.Contains(id));
                await RemoveWhereItNowBelongsAsync(id, organisationFiltersOnly: false);
                break;
            case "sponsor":
                await RemoveWhereItNowBelongsAsync(id, organisationFiltersOnly: true);
                break;
            case "room": Remove(s => s.Rooms.Contains(id)); break;
            case "venue": Remove(s => s.Venues.Contains(id)); break;
            case "convening": Remove(s => s.Convenings.Contains(id)); break;
            case "user": Remove(s => s.Owner == id); break;
            default:
                _logger.LogWarning("Unknown calendar change {Change}: every cached calendar is dropped", change);
                _cache.Clear();
                break;
        }
    }

    /// <summary>
    /// Programme feeds whose membership of the event may have changed: it may now pass their filter (newly scheduled,
    /// re-themed, moved to another room) or, for the organisation filter, stop passing it (a co-sponsor withdrew). The
    /// programme's own filter rules decide (<see cref="ProgrammeQueries.FiltersPassedAsync"/>).
    /// </summary>
    private async Task RemoveWhereItNowBelongsAsync(Guid eventId, bool organisationFiltersOnly)
    {
        var candidates = Entries()
            .Where(e => e.Calendar.Scope is { ProgrammeOf: not null, Filter: not null })
            .Where(e => organisationFiltersOnly ? !string.IsNullOrWhiteSpace(e.Calendar.Scope.Filter!.Organisation) : !e.Calendar.Scope.Events.Contains(eventId))
            .ToList();
        foreach (var convening in candidates.GroupBy(e => e.Calendar.Scope.ProgrammeOf!.Value))
        {
            var passed = await new ProgrammeQueries(_dbFactory).FiltersPassedAsync(eventId, convening.Key,
                convening.Select(e => e.Calendar.Scope.Filter!).Distinct().ToList());
            foreach (var (key, calendar) in convening)
                if (calendar.Scope.Events.Contains(eventId) != passed.Contains(calendar.Scope.Filter!)) _cache.Remove(key);
        }
    }

    private void Remove(Func<CalendarScope, bool> affected)
    {
        foreach (var (key, calendar) in Entries())
            if (affected(calendar.Scope)) _cache.Remove(key);
    }

    private IEnumerable<(string Key, BuiltCalendar Calendar)> Entries()
    {
        foreach (var key in _cache.Keys)
            if (key is string k && _cache.TryGetValue(k, out BuiltCalendar? calendar) && calendar is not null)
                yield return (k, calendar);
    }

    public void Dispose() => _cache.Dispose();
}
