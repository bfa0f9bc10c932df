using System.ComponentModel.DataAnnotations;

namespace Events.Server.QandA;

/// <summary>
/// How much one network address may do in a Q&amp;A (settings <c>Events:Qa:*</c>). Participant keys cost nothing to get,
/// so these are what a person who fetches many keys runs into. They are generous because a whole room can share one
/// address (the venue's Wi-Fi, a mobile carrier's NAT): a room of a few hundred asking and voting normally stays under them.
/// </summary>
public sealed record QaFloodLimits
{
    public const string Section = "Events:Qa";

    /// <summary>Questions per minute from one address into one event's Q&amp;A (each person also has their own five a minute).</summary>
    [Range(1, int.MaxValue)] public int QuestionsPerAddressPerMinute { get; init; } = 30;

    /// <summary>Different voters from one address on one question: a full room on one Wi-Fi still counts, a key farm does not go far.</summary>
    [Range(1, int.MaxValue)] public int VotersPerAddressPerQuestion { get; init; } = 100;

    /// <summary>Participant keys issued to one address per minute (a room arriving through one address at once).</summary>
    [Range(1, int.MaxValue)] public int KeysPerAddressPerMinute { get; init; } = 60;
}
