// The tests start the Linux-only embedded PostgreSQL.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
