namespace Events.Server.Hosting;

/// <summary>Turns the app's own switches into configuration keys, so they can also be set in appsettings or the environment.</summary>
public static class CommandLineSwitches
{
    public static string[] Normalise(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seed-demo":
                    result.Add("--Events:SeedDemo=true");
                    break;
                case "--create-admin" when i + 1 < args.Length:
                    result.Add($"--Events:Admin:Email={args[++i]}");
                    break;
                case "--create-admin":
                    throw new ArgumentException("--create-admin needs an e-mail address, e.g. --create-admin admin@example.org");
                default:
                    result.Add(args[i]);
                    break;
            }
        }
        return result.ToArray();
    }
}
