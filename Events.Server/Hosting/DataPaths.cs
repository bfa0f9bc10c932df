namespace Events.Server.Hosting;

/// <summary>
/// Where the app keeps its files: everything under Events:DataDirectory (default ./.data, from the current directory),
/// unless a feature's own key names another folder.
/// </summary>
public static class DataPaths
{
    public static string Root(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Events:DataDirectory"] is { Length: > 0 } root ? root : ".data");

    public static string Resolve(IConfiguration configuration, string key, string defaultSubfolder) =>
        configuration[key] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, Root(configuration))
            : Path.Combine(Root(configuration), defaultSubfolder);
}
