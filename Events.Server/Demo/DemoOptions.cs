namespace Events.Server.Demo;

/// <summary>Events:SeedDemo (--seed-demo): add the demo convenings at start-up (running it again adds nothing).</summary>
public sealed class DemoOptions
{
    public bool SeedDemo { get; set; }
}
