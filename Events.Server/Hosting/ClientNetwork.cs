using System.Net;
using System.Net.Sockets;

namespace Events.Server.Hosting;

/// <summary>
/// The unit that per-client limits count: one IPv4 address, or one IPv6 /64 (what one subscriber usually holds whole,
/// and can rotate through freely). Behind a proxy this relies on the forwarded-headers set-up (ReverseProxySetup).
/// </summary>
public static class ClientNetwork
{
    public static string Of(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
