namespace Events.Shared;

/// <summary>The outcome of an organiser or proposer action: the new id when something was created, or why it was refused.</summary>
public sealed record OperationResult(bool Succeeded, string? Error = null, Guid? Id = null, IReadOnlyList<string>? Warnings = null)
{
    public static OperationResult Ok(Guid? id = null, IReadOnlyList<string>? warnings = null) => new(true, null, id, warnings);
    public static OperationResult Fail(string error) => new(false, error);
}
