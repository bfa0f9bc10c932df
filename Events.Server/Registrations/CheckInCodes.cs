using System.Security.Cryptography;
using Events.Shared.Registrations;

namespace Events.Server.Registrations;

/// <summary>The code a confirmed participant shows at the door.</summary>
internal static class CheckInCodes
{
    public static string New() => RandomNumberGenerator.GetString(RegistrationCodes.CodeAlphabet, RegistrationCodes.CodeLength);
}
