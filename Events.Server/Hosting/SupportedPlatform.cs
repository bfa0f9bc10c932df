// The app runs its private PostgreSQL through Linux-only calls (runuser, geteuid): it targets Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
