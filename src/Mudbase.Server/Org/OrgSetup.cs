namespace Mudbase.Server.Org;

/// <summary>The organisation feature's services: members, invites and the access events they record.</summary>
internal static class OrgSetup
{
    public static IServiceCollection AddMudbaseOrg(this IServiceCollection services)
    {
        services.AddSingleton<AccessEvents>();
        services.AddSingleton<InviteService>();
        services.AddSingleton<MemberService>();
        return services;
    }
}
