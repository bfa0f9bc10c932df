using System.Collections.Concurrent;

namespace Events.Client.Shared;

/// <summary>
/// One string for markup that many open pages render alike (the free places of a room grid): a render tree keeps
/// every markup string it was given for as long as its circuit lives, so the same cell in 500 open workspaces was 500
/// (or, with the previous tree, 1,000) copies. A bounded pool, emptied when full, so that it cannot grow without end.
/// </summary>
public static class SharedMarkup
{
    private const int MaxEntries = 50_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Of(string markup)
    {
        if (Pool.TryGetValue(markup, out var shared)) return shared;
        if (Pool.Count >= MaxEntries) Pool.Clear();
        return Pool.GetOrAdd(markup, markup);
    }
}
