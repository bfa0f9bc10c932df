namespace Events.Server.Database;

/// <summary>How a row is locked until the transaction ends (see <see cref="SqlDialect"/>).</summary>
public enum RowLock
{
    /// <summary>For a change of the row: others wait to lock or change it.</summary>
    Update,
    /// <summary>As <see cref="Update"/>, but rows that only point at it may still be added (PostgreSQL's FOR NO KEY UPDATE).</summary>
    UpdateNoKey,
    /// <summary>Others may read and share-lock it, not change it.</summary>
    Share,
}
