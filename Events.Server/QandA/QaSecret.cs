using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Events.Server.QandA;

/// <summary>
/// The Q&amp;A's server key, kept out of the database: a file beside the Data Protection keys, made on first start.
/// It signs the participant keys the server issues (so that a client cannot make up identities to vote many times)
/// and keys the HMAC tags that let an anonymous asker recognise their own questions and votes while a reader of the
/// database, or of a backup of it, cannot tie either to anyone. Several instances must share the file, as they share
/// the Data Protection keys; losing it loses only those recognitions (people get new keys and can vote once more).
/// </summary>
public sealed class QaSecret
{
    public const string FileName = "qa-secret.key";
    private const string KeyVersion = "v1";
    private readonly byte[] _key;

    public QaSecret(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("The Q&A key must be at least 32 bytes.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>Reads the key file, or makes it (readable by this user only) when there is none.</summary>
    public static QaSecret LoadOrCreate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(directory);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            // Two instances starting together: whichever file lands first is the key, and both read it.
            try { File.Move(temporary, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temporary); }
        }
        return new QaSecret(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    /// <summary>HMAC-SHA256 of the data under the key, separated by purpose so that no tag can stand in for another.</summary>
    public byte[] Mac(string purpose, string data) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + "\n" + data));

    /// <summary>A new participant key for a code-holder's browser: random, and signed so the server knows it issued it.</summary>
    public string NewParticipantKey()
    {
        var random = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        return $"{KeyVersion}.{random}.{Signature(random)}";
    }

    /// <summary>Whether this server issued the key; anything else (made up, altered, truncated) is refused.</summary>
    public bool IssuedParticipantKey(string? key)
    {
        if (key is not { Length: > 0 and <= 100 }) return false;
        var parts = key.Split('.');
        if (parts is not [KeyVersion, var random, var signature] || random.Length != 32) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(random)), Encoding.ASCII.GetBytes(signature));
    }

    private string Signature(string random) => WebEncoders.Base64UrlEncode(Mac("participant-key", random), 0, 16);
}
